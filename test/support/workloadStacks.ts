/**
 * Stacks with workers and scheduled jobs, run offline once per test process and shared by the role tests:
 * staging and production with the held-out stack's workers and job added (in a created cluster behind
 * the load balancer, and in an existing cluster without one), and the held-out stack file itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { appStackFacts } from "../../deployment/appStacks";
import { deployRoleDocument } from "../../deployment/deployRole";
import type { IamDocument } from "../../deployment/iamDocument";
import type { OfflineResult } from "../../offline/runner";
import { ACCOUNT, PROJECT, uniqueCalls } from "./iamSimulator";
import { neededCalls } from "./neededCalls";
import { all, run } from "./program";
import type { Call } from "./providerCalls";
import { ROOT } from "./render";

export const SUFFIX = "AbCdEf";
export const HELD_OUT = "test/fixtures/stacks/Pulumi.workers.yaml";

export interface WorkloadStack {
    stack: string;
    variant: string;
    region: string;
    /** Worker and job names. */
    workers: string[];
    jobs: string[];
    result: OfflineResult;
    deploy: IamDocument;
    needed: Call[];
}

type Config = Record<string, any>;
const readConfig = (file: string) =>
    (YAML.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { config: Config }).config;
const heldOut = readConfig(HELD_OUT);
const withWorkloads = (c: Config): Config => ({
    ...c,
    [`${PROJECT}:workers`]: heldOut[`${PROJECT}:workers`],
    [`${PROJECT}:schedules`]: heldOut[`${PROJECT}:schedules`],
});
const short = (c: Config) =>
    Object.fromEntries(
        Object.entries(c)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );

interface Case {
    stack: string;
    variant: string;
    file: string;
    edit: (c: Config) => Config;
}

export const CASES: Case[] = [
    ...["staging", "production"].flatMap((stack) => [
        { stack, variant: "workers and a scheduled job", file: `Pulumi.${stack}.yaml`, edit: withWorkloads },
        {
            stack,
            variant: "workers and a job in an existing cluster, without a load balancer",
            file: `Pulumi.${stack}.yaml`,
            edit: (c: Config) =>
                withWorkloads({
                    ...c,
                    [`${PROJECT}:cluster`]: { name: "shared" },
                    [`${PROJECT}:service`]: {
                        ...c[`${PROJECT}:service`],
                        loadBalancer: undefined,
                        strategy: "ROLLING",
                    },
                }),
        },
    ]),
    { stack: "workers", variant: "held-out stack file", file: HELD_OUT, edit: (c) => c },
];

let evaluated: Promise<WorkloadStack[]> | undefined;

/** Every case run through the real program offline, with its deploy role and the calls it needs. */
export function workloadStacks(): Promise<WorkloadStack[]> {
    evaluated ??= (async () => {
        const out: WorkloadStack[] = [];
        for (const c of CASES) {
            const base = readConfig(c.file);
            const config = c.edit(base);
            const result = await run(c.stack, {
                configFile: c.file === HELD_OUT ? path.join(ROOT, HELD_OUT) : undefined,
                overrides: c.file === HELD_OUT ? {} : short(config),
                answers: { secretSuffix: () => SUFFIX },
            });
            const yaml = YAML.stringify({ config });
            const facts = appStackFacts(PROJECT, c.stack, path.basename(c.file), yaml);
            const deploy = deployRoleDocument({
                partition: "aws",
                accountId: ACCOUNT,
                project: PROJECT,
                app: facts,
                readRepositories: [],
            });
            const region = String(config["aws:region"]);
            out.push({
                stack: c.stack,
                variant: c.variant,
                region,
                workers: Object.keys(config[`${PROJECT}:workers`] ?? {}),
                jobs: Object.keys(config[`${PROJECT}:schedules`] ?? {}),
                result,
                deploy,
                needed: uniqueCalls(neededCalls(result, region, c.stack, config)),
            });
        }
        return out;
    })();
    return evaluated;
}

/** A role policy's document by the policy's logical name. */
export function policyDocument(result: OfflineResult, logical: string): IamDocument {
    const found = all(result, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === logical);
    if (!found) throw new Error(`no role policy ${logical}`);
    return JSON.parse(String(found.inputs.policy)) as IamDocument;
}
