import * as path from "node:path";
import { evaluateProgram, OfflineOptions, OfflineResult, RecordedResource } from "../../offline/runner";

/** Runs the real program under mocks with the real stack files. */
export const run = (stack: string, options: Omit<OfflineOptions, "stack"> = {}): Promise<OfflineResult> =>
    evaluateProgram({ stack, ...options });

export function only(result: OfflineResult, type: string, name?: string): RecordedResource {
    const found = result.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1)
        throw new Error(
            `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${result.resources.map((r) => `${r.type}/${r.name}`).join(", ")}`,
        );
    return found[0];
}

export function all(result: OfflineResult, type: string): RecordedResource[] {
    return result.resources.filter((r) => r.type === type);
}

export function containerDefinitions(result: OfflineResult): Record<string, any>[] {
    return JSON.parse(String(only(result, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions));
}

export function policyOf(resource: RecordedResource): { Statement: Record<string, any>[] } {
    return JSON.parse(String(resource.inputs.policy));
}

/** The held-out stack file: two workers (jobs, mailer), a scheduled job (nightly-report) and Fargate Spot. */
export const WORKERS_STACK_FILE = path.resolve(__dirname, "..", "fixtures", "stacks", "Pulumi.workers.yaml");

/** Runs the program with the held-out stack file as stack `workers`. */
export const runWorkers = (options: Omit<OfflineOptions, "stack" | "configFile"> = {}): Promise<OfflineResult> =>
    evaluateProgram({ stack: "workers", configFile: WORKERS_STACK_FILE, ...options });

/** A resource's key as dependency lists carry it: `type::name`. */
export const keyOf = (r: RecordedResource): string => `${r.type}::${r.name}`;
