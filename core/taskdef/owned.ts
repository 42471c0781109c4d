/**
 * Values the program owns (DESIGN: template < overlay < program): the CPU architecture it builds for,
 * the log groups it creates, the roles and the app image.
 */
import type { CPUArchitecture, RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import type { Platform, StackConfig } from "../config/types";
import { ConfigError } from "../support/errors";
import { isPlainObject, itemSegment, ownValue, quote } from "../support/paths";
import { rawContainers, ShapeIssue } from "./shape";

export const cpuArchitectureOf = (p: Platform): CPUArchitecture => (p === "linux/arm64" ? "ARM64" : "X86_64");

/** The architecture the stack builds for; a runtimePlatform that declares another one is refused. */
export function checkCpuArchitecture(cfg: StackConfig, merged: RegisterTaskDefinitionCommandInput): CPUArchitecture {
    const arch = cpuArchitectureOf(cfg.platform);
    const declared = merged.runtimePlatform?.cpuArchitecture;
    if (declared !== undefined && declared !== arch) {
        throw new ConfigError(
            cfg.file,
            `${cfg.project}:platform`,
            `${cfg.platform} builds ${arch} images but runtimePlatform.cpuArchitecture is ${String(declared)}`,
            `set ${cfg.project}:platform to ${declared === "ARM64" ? "linux/arm64" : "linux/amd64"}, or change runtimePlatform.cpuArchitecture`,
        );
    }
    return arch;
}

/** The tags the program puts on every resource of the stack; on the task definition they win over the layers'. */
export function stackTags(cfg: StackConfig): Record<string, string> {
    return { app: cfg.project, stack: cfg.stack, "managed-by": "pulumi" };
}

/** A container's log group: the web family's directly under the stack, a worker's or job's under its name. */
export function logGroupName(cfg: StackConfig, container: string, workload?: string): string {
    return `/ecs/${cfg.project}/${cfg.stack}/${workload ? `${workload}/` : ""}${container}`;
}

/**
 * Values the program sets win over the overlay's. An overlay that sets one would be dropped
 * without a word, so it is refused, saying what the program sets.
 */
export function programOwnedInOverlay(
    cfg: StackConfig,
    template: RegisterTaskDefinitionCommandInput,
    merged: RegisterTaskDefinitionCommandInput,
    logGroups: Record<string, string>,
): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const overlay = cfg.overlay;
    for (const role of ["taskRoleArn", "executionRoleArn"]) {
        if (Object.hasOwn(overlay, role) && overlay[role] !== null) {
            issues.push({
                path: role,
                problem: `the program sets ${role} to the ${role === "taskRoleArn" ? "task" : "execution"} role it creates for this stack`,
                fix: `remove it${role === "taskRoleArn" ? ` (grant the app's permissions with ${cfg.project}:iam.taskRoleStatements)` : ""}`,
            });
        }
    }
    const templateContainers = template.containerDefinitions ?? [];
    const mergedContainers = merged.containerDefinitions ?? [];
    // The overlay is as the stack file has it (shape-checked, nulls kept): read defensively.
    rawContainers(overlay)
        .filter(isPlainObject)
        .forEach((c, i) => {
            const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}`;
            const inTemplate = templateContainers.find((t) => t.name === c.name);
            if (inTemplate && inTemplate.image === undefined && typeof c.image === "string") {
                issues.push({
                    path: `${at}.image`,
                    problem: `the program sets image to the app image (the build of ${cfg.appDir}, or ${cfg.project}:image), pinned by digest`,
                    fix: `remove it; to deploy an existing image set ${cfg.project}:image`,
                });
            }
            const options =
                isPlainObject(c.logConfiguration) && isPlainObject(c.logConfiguration.options)
                    ? c.logConfiguration.options
                    : {};
            const group = ownValue(logGroups, String(c.name));
            if (group === undefined || !mergedContainers.some((m) => m.name === c.name)) return;
            const owned: Record<string, string> = {
                "awslogs-group": group,
                "awslogs-region": cfg.region,
                "awslogs-stream-prefix": cfg.stack,
            };
            for (const [option, value] of Object.entries(owned)) {
                if (Object.hasOwn(options, option) && options[option] !== null) {
                    issues.push({
                        path: `${at}.logConfiguration.options.${option}`,
                        problem: `the program sets ${option} to ${quote(value)}`,
                        fix: "remove it",
                    });
                }
            }
        });
    return issues;
}
