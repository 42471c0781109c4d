// npm run policy -- <resources.json> | --stack <name> [--config-file F] [--config <policy-config.json>]
import * as fs from "node:fs";
import { UserError } from "../core/support/errors";
import { isPlainObject } from "../core/support/paths";
import { checkResources, CheckResult, ResourceRecord } from "../policy/check";
import { PackConfig, packConfigErrors } from "../policy/packConfig";
import { rules } from "../policy/rules";
import { eachLineAnError, parseFlags, runCommand, UsageError } from "./args";
import { evaluateProgram, OfflineUserError } from "../offline/runner";

const USAGE =
    "npm run policy -- <resources.json> | --stack <name> [--config-file <Pulumi.<name>.yaml>] [--config <policy-config.json>]";
/** How render masks inputs marked secret: unknown here, so checks that read them are skipped. */
const MASKED = "[secret]";

export class PolicyInputError extends Error {}

function readJson(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PolicyInputError(`${file}: cannot read the ${what}: ${(e as Error).message}`);
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (e) {
        throw new PolicyInputError(`${file}: the ${what} is not JSON: ${(e as Error).message}`);
    }
}

/** render's resources.json: [{ type, name, inputs }], masked inputs treated as unknown. */
export function resourcesFromFile(file: string): ResourceRecord[] {
    const list = readJson(file, "resource list");
    if (!Array.isArray(list))
        throw new PolicyInputError(`${file}: expected a JSON list of resources, as render writes in resources.json`);
    return list.map((r, i) => {
        if (!isPlainObject(r) || typeof r.type !== "string" || typeof r.name !== "string" || !isPlainObject(r.inputs))
            throw new PolicyInputError(
                `${file}: [${i}] is not a resource: expected { "type": string, "name": string, "inputs": object }`,
            );
        return {
            type: r.type,
            name: r.name,
            inputs: r.inputs,
            unknown: Object.keys(r.inputs).filter((k) => (r.inputs as Record<string, unknown>)[k] === MASKED),
        };
    });
}

function packConfig(file: string | undefined): PackConfig {
    if (!file) return {};
    const config = readJson(file, "policy pack config");
    if (!isPlainObject(config))
        throw new PolicyInputError(
            `${file}: expected a JSON object keyed by policy name, as pulumi preview --policy-pack-config takes`,
        );
    const errors = packConfigErrors(config);
    if (errors.length) throw new PolicyInputError(`${file}: ${errors.join("; ")}`);
    return config;
}

export function report(result: CheckResult, source: string): string {
    const lines = [`checked ${result.checked} resources of ${source} against ${rules.length} policies`];
    for (const v of result.violations) {
        lines.push(
            `${v.level === "advisory" ? "advisory" : "violation"}: ${v.type} "${v.name}" fails ${v.policy} (${v.control})`,
            `  problem: ${v.problem}`,
            `  fix: ${v.fix}`,
        );
    }
    for (const s of result.skipped)
        lines.push(
            `skipped: ${s.type} "${s.name}" for ${s.policy}: ${s.reason} (masked as secret), so the check did not run`,
        );
    const mandatory = result.violations.filter((v) => v.level === "mandatory").length;
    const advisory = result.violations.length - mandatory;
    lines.push(
        result.violations.length
            ? `${mandatory} violations${advisory ? `, ${advisory} advisory` : ""}`
            : "no violations",
    );
    return lines.join("\n") + "\n";
}

/** Returns the report and whether it passed (no mandatory violations). */
export async function policy(argv: string[]): Promise<{ text: string; passed: boolean }> {
    const { values, positionals } = parseFlags(
        argv,
        { stack: { type: "string" }, "config-file": { type: "string" }, config: { type: "string" } },
        USAGE,
        true,
    );
    if ((values.stack === undefined) === (positionals.length === 0) || positionals.length > 1)
        throw new UsageError(`give exactly one of a resources.json path or --stack\nusage: ${USAGE}`);
    if (values["config-file"] && !values.stack)
        throw new UsageError(`--config-file goes with --stack\nusage: ${USAGE}`);
    const pack = packConfig(values.config);

    let resources: ResourceRecord[];
    let source: string;
    if (values.stack) {
        const result = await evaluateProgram({ stack: values.stack, configFile: values["config-file"] });
        resources = result.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
        source = `stack ${values.stack}`;
    } else {
        resources = resourcesFromFile(positionals[0]);
        source = positionals[0];
    }
    const result = checkResources(resources, pack);
    return { text: report(result, source), passed: !result.violations.some((v) => v.level === "mandatory") };
}

if (require.main === module) {
    runCommand(
        async () => {
            const { text, passed } = await policy(process.argv.slice(2));
            process.stdout.write(text);
            if (!passed) process.exit(1); // runCommand exits 0 on success
        },
        eachLineAnError(
            (e) => e instanceof UserError || e instanceof OfflineUserError || e instanceof PolicyInputError,
        ),
    );
}
