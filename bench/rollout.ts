/**
 * Worst-case deployment time: ours against awsx's FargateService + ApplicationLoadBalancer defaults.
 *
 *   npx tsx bench/rollout.ts [out/<stack>/resources.json] [--task-start <seconds>] [--check]
 *
 * With a rendered resource list (`npm run render -- --stack <name>` writes
 * out/<stack>/resources.json) it reads the service, target groups, autoscaling
 * target and task definition from it. Without one it uses this project's
 * config defaults and the app's template (app/ecs-task-template.json).
 * The awsx side is the same service and task with the defaults awsx leaves to
 * AWS: ECS min 100 % / max 200 %, no grace period, and an ALB target group
 * with a 30 s interval, healthy threshold 5 and a 300 s deregistration delay.
 * The model is described in core/service/rolloutEstimate.ts. `--check` exits 1 when the ratio
 * is above the goal of 0.25.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStackConfig } from "../core/config/parse";
import {
    awsxBaseline,
    estimateRollout,
    RolloutEstimate,
    RolloutInputs,
    rolloutInputsFromConfig,
    rolloutInputsFromResources,
} from "../core/service/rolloutEstimate";

const GOAL = 0.25;
const ROOT = path.resolve(__dirname, "..");

function usage(message: string): never {
    console.error(
        `bench/rollout: ${message}\nusage: npx tsx bench/rollout.ts [resources.json] [--task-start <seconds>] [--check]`,
    );
    process.exit(2);
}

function parseArgs(argv: string[]): { file?: string; taskStart: number; check: boolean } {
    let file: string | undefined;
    let taskStart = 0;
    let check = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--check") check = true;
        else if (a === "--task-start") {
            taskStart = Number(argv[++i]);
            if (!Number.isFinite(taskStart) || taskStart < 0) usage("--task-start takes a number of seconds");
        } else if (a.startsWith("-")) usage(`unknown option ${a}`);
        else if (file) usage("give one resources.json");
        else file = a;
    }
    return { file, taskStart, check };
}

/** Our documented defaults: the config's defaults with a load balancer, and the app's own template. */
function defaultInputs(taskStart: number): RolloutInputs {
    const cfg = parseStackConfig(
        { service: { loadBalancer: {} } },
        { project: "ecs-deploy", stack: "defaults", file: "config defaults", region: "eu-north-1" },
    );
    const template = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "ecs-task-template.json"), "utf8")) as {
        containerDefinitions?: unknown;
    };
    return rolloutInputsFromConfig(cfg.service, template.containerDefinitions, taskStart);
}

function fromFile(file: string, taskStart: number): RolloutInputs {
    let list: unknown;
    try {
        list = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        usage(`cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (!Array.isArray(list)) usage(`${file} is not a JSON list of {type, name, inputs}`);
    return rolloutInputsFromResources(list as never, defaultInputs(taskStart));
}

function table(ours: RolloutEstimate, awsx: RolloutEstimate, oursIn: RolloutInputs, awsxIn: RolloutInputs): string {
    const rows: [string, string, string][] = [
        ["strategy", oursIn.strategy, awsxIn.strategy],
        [
            "tasks (worst case) / batch size / batches",
            `${oursIn.desiredCount}/${ours.batchSize}/${ours.batches}`,
            `${awsxIn.desiredCount}/${awsx.batchSize}/${awsx.batches}`,
        ],
        [
            "min/max healthy percent",
            `${oursIn.minimumHealthyPercent}/${oursIn.maximumPercent}`,
            `${awsxIn.minimumHealthyPercent}/${awsxIn.maximumPercent}`,
        ],
    ];
    const awsxTerms = new Map(awsx.terms.map((t) => [t.name, t.seconds]));
    for (const t of ours.terms) rows.push([`${t.name} (s)`, String(t.seconds), String(awsxTerms.get(t.name) ?? 0)]);
    rows.push(["worst case, overlapping health checks (s)", String(ours.seconds), String(awsx.seconds)]);
    rows.push(["worst case, every wait in series (s)", String(ours.serialSeconds), String(awsx.serialSeconds)]);
    const w = [
        Math.max(...rows.map((r) => r[0].length)),
        Math.max(4, ...rows.map((r) => r[1].length)),
        Math.max(13, ...rows.map((r) => r[2].length)),
    ];
    const line = (r: [string, string, string]) =>
        `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}`;
    return [line(["", "ours", "awsx defaults"]), ...rows.map(line)].join("\n");
}

function main(): void {
    const args = parseArgs(process.argv.slice(2));
    const oursIn = args.file ? fromFile(args.file, args.taskStart) : defaultInputs(args.taskStart);
    const awsxIn = awsxBaseline(oursIn);
    const ours = estimateRollout(oursIn);
    const awsx = estimateRollout(awsxIn);
    const ratio = ours.seconds / awsx.seconds;
    const serialRatio = ours.serialSeconds / awsx.serialSeconds;
    console.log(`Worst-case deployment time: ${args.file ?? "config defaults + app/ecs-task-template.json"}\n`);
    console.log(table(ours, awsx, oursIn, awsxIn));
    console.log(
        `\nratio ours/awsx: ${ratio.toFixed(3)} (goal <= ${GOAL}: ${ratio <= GOAL ? "met" : "NOT met"}); ` +
            `with every wait in series: ${serialRatio.toFixed(3)}`,
    );
    if (args.check && ratio > GOAL) process.exit(1);
}

main();
