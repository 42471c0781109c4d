import type {
    ContainerDefinition,
    CPUArchitecture,
    LogConfiguration,
    RegisterTaskDefinitionCommandInput,
    Tag,
} from "@aws-sdk/client-ecs";
import { ConfigError, SecretNotFound, TaskDefinitionError, together } from "../support/errors";
import { registerTaskDefinitionShape } from "./model";
import { checkFargate } from "./fargate";
import { keyWords, mergeLayers, MergeKeyMissing, unknownOverlayContainers } from "./merge";
import { normalise } from "./normalise";
import { isPlainObject, itemSegment, ownValue } from "../support/paths";
import { asTaskDefinition, beyondShape, checkShape, ShapeIssue } from "./shape";
import { issueErrors, raise } from "../template/parse";

/** Where each layer came from, for error messages. */
export interface Sources {
    template: RegisterTaskDefinitionCommandInput;
    templateWhere: string; // "app/ecs-task-template.json" or "image <ref> label ECS_TASK_TEMPLATE"
    overlay: Record<string, unknown>; // as the stack file has it: nulls delete
    overlayWhere: string; // "Pulumi.staging.yaml"
    overlayPath: string; // "ecs-deploy:overlay"
}

/** Values the program owns: they win over template and overlay. */
export interface DynamicValues {
    family: string; // used when neither template nor overlay names the family
    image: string; // the app image, pinned by digest, for every container that names no image
    executionRoleArn: string;
    taskRoleArn: string;
    region: string;
    logGroups: Record<string, string>; // container name -> awslogs group
    streamPrefix: string;
    secretValueFrom: Record<string, string>; // secret name -> ARN (valueFrom)
    cpuArchitecture?: CPUArchitecture;
    /** The stack's tags (stackTags): they win over the layers' on a shared key, and the definition carries both. */
    tags?: Record<string, string>;
}

export interface TaskDefinition {
    definition: RegisterTaskDefinitionCommandInput; // normalised
    appContainers: string[]; // the containers that run the app image
}

/** Template < overlay, merged by key. The overlay adds no container by a name the template lacks, unless it brings its image. */
export function mergeSources(s: Sources): RegisterTaskDefinitionCommandInput {
    raise(ConfigError, s.overlayWhere, unknownOverlayContainers(s.template, s.overlay), s.overlayPath);
    try {
        // Both layers passed the shape check (parseTemplate, parseOverlay), so their merge has the model's shape.
        return asTaskDefinition(mergeLayers(s.template, s.overlay));
    } catch (e) {
        if (!(e instanceof MergeKeyMissing)) throw e;
        throw new ConfigError(
            s.overlayWhere,
            `${s.overlayPath}.${e.within ? `${e.within}.` : ""}${e.list}[${e.index}]`,
            `has no ${keyWords(e.list).join(" + ")}, so it cannot be matched to the template's ${e.list}`,
            `add ${keyWords(e.list)[0]} to say which item it changes or adds`,
        );
    }
}

/** Containers that log through awslogs (or name no log driver, which defaults to awslogs). */
export function awslogsContainers(merged: RegisterTaskDefinitionCommandInput): string[] {
    return (merged.containerDefinitions ?? [])
        .filter((c) => !c.logConfiguration || c.logConfiguration.logDriver === "awslogs")
        .map((c) => String(c.name));
}

/** Secret names the stack's secret source must resolve (entries the overlay already points at an ARN are not looked up). */
export function secretNames(merged: RegisterTaskDefinitionCommandInput): string[] {
    const names = (merged.containerDefinitions ?? []).flatMap((c) =>
        (c.secrets ?? []).filter((s) => s.valueFrom === undefined).map((s) => String(s.name)),
    );
    return [...new Set(names)].sort();
}

function applyDynamic(
    merged: RegisterTaskDefinitionCommandInput,
    d: DynamicValues,
    s: Sources,
): { td: RegisterTaskDefinitionCommandInput; appContainers: string[] } {
    const appContainers: string[] = [];
    const containers = (merged.containerDefinitions ?? []).map((c, i): ContainerDefinition => {
        const out: ContainerDefinition = { ...c };
        if (out.image === undefined) {
            out.image = d.image;
            appContainers.push(String(c.name));
        }
        const log: LogConfiguration = out.logConfiguration ? { ...out.logConfiguration } : { logDriver: "awslogs" };
        if (log.logDriver === "awslogs") {
            log.options = {
                ...log.options,
                "awslogs-group": d.logGroups[String(c.name)],
                "awslogs-region": d.region,
                "awslogs-stream-prefix": d.streamPrefix,
            };
        }
        out.logConfiguration = log;
        if (out.secrets) {
            out.secrets = out.secrets.map((sec, j) => {
                const valueFrom = sec.valueFrom ?? d.secretValueFrom[String(sec.name)];
                if (valueFrom === undefined) {
                    const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}.secrets${itemSegment("secrets", sec, j)}`;
                    throw new SecretNotFound(
                        s.overlayWhere,
                        at,
                        `secret ${String(sec.name)} was not resolved`,
                        "create it in the stack's secret source or map it under the secrets config",
                    );
                }
                return { ...sec, valueFrom };
            });
        }
        return out;
    });
    if (appContainers.length === 0) {
        throw new TaskDefinitionError(
            s.templateWhere,
            "containerDefinitions",
            "every container names its own image, so none runs the app image",
            "remove image from the app's container in the template",
        );
    }
    // The family first, from the layers or else the program's.
    const { family = d.family, ...rest } = merged;
    const td: RegisterTaskDefinitionCommandInput = {
        family,
        ...rest,
        containerDefinitions: containers,
        executionRoleArn: d.executionRoleArn,
        taskRoleArn: d.taskRoleArn,
    };
    if (d.cpuArchitecture && td.runtimePlatform === undefined)
        td.runtimePlatform = { cpuArchitecture: d.cpuArchitecture, operatingSystemFamily: "LINUX" };
    const tags = withStackTags(merged.tags, d.tags);
    if (tags) td.tags = tags;
    return { td, appContainers };
}

/**
 * The layers' tags, each taking the stack's value where the stack sets its key, then the stack's other tags:
 * the one list that render shows and the provider registers (as a map, core/taskdef/args.ts). A layer's tag
 * keeps its place, so a problem with it is still blamed on the layer that wrote it.
 */
export function withStackTags(own: Tag[] | undefined, stack: Record<string, string> | undefined): Tag[] | undefined {
    if (!stack || Object.keys(stack).length === 0) return own;
    const kept = (own ?? []).map((t) =>
        t.key !== undefined && Object.hasOwn(stack, t.key) ? { ...t, value: stack[t.key] } : t,
    );
    const added = Object.entries(stack)
        .filter(([key]) => !kept.some((t) => t.key === key))
        .map(([key, value]) => ({ key, value }));
    return [...kept, ...added];
}

// A quoted path segment (a name with unusual characters) back to the name; escapes of controls are not undone.
const unquote = (s: string): string => {
    if (!s.startsWith('"')) return s;
    try {
        return JSON.parse(s) as string;
    } catch {
        return s;
    }
};

/** Reads a value at a rendered field path (containerDefinitions[name=web].cpu); for blaming the layer that set it. */
export function valueAt(root: unknown, path: string): unknown {
    let cur: unknown = root;
    for (const m of path.matchAll(/("(?:[^"\\]|\\.)*"|[^.[\]"]+)|\[(\w+)=("(?:[^"\\]|\\.)*"|[^\]]+)\]|\[(\d+)\]/g)) {
        if (m[1] !== undefined) cur = isPlainObject(cur) ? ownValue(cur, unquote(m[1])) : undefined;
        else if (m[2] !== undefined)
            cur = Array.isArray(cur) ? cur.find((x) => isPlainObject(x) && x[m[2]] === unquote(m[3])) : undefined;
        else cur = Array.isArray(cur) ? cur[Number(m[4])] : undefined;
        if (cur === undefined) return undefined;
    }
    return cur;
}

/** Each issue blamed on the layer that set the value (the overlay, else the template, else their merge); all at once. */
function blame(issues: ShapeIssue[], s: Sources): void {
    if (issues.length === 0) return;
    const errors = issues.flatMap((issue) => {
        // A problem with the whole container list belongs to neither layer alone.
        const wholeList = issue.path === "" || issue.path === "containerDefinitions";
        if (!wholeList && valueAt(s.overlay, issue.path) !== undefined)
            return issueErrors(TaskDefinitionError, s.overlayWhere, [issue], s.overlayPath);
        if (!wholeList && valueAt(s.template, issue.path) !== undefined)
            return issueErrors(TaskDefinitionError, s.templateWhere, [issue]);
        return issueErrors(TaskDefinitionError, `${s.templateWhere} merged with ${s.overlayWhere}`, [issue]);
    });
    throw together(errors);
}

/** Merged layers + dynamic values -> a complete, validated, normalised task definition. */
export function finalise(merged: RegisterTaskDefinitionCommandInput, d: DynamicValues, s: Sources): TaskDefinition {
    const { td, appContainers } = applyDynamic(merged, d, s);
    const definition = normalise(td);
    const shapeIssues = checkShape(definition, registerTaskDefinitionShape(), { required: true, allowNull: false });
    // One line per problem: a wrong type is not reported again as a broken Fargate rule.
    blame([...shapeIssues, ...beyondShape(shapeIssues, checkFargate(definition))], s);
    return { definition, appContainers };
}

/**
 * CodePipeline's imagedefinitions.json: the containers that run the app image, in every family given
 * (the web's, each worker's and job's), each name once: the families share the template's containers.
 */
export function imageDefinitions(...families: TaskDefinition[]): { name: string; imageUri: string }[] {
    const seen = new Map<string, string>();
    for (const td of families)
        for (const c of td.definition.containerDefinitions ?? [])
            if (td.appContainers.includes(String(c.name)) && !seen.has(String(c.name)))
                seen.set(String(c.name), String(c.image));
    return [...seen].map(([name, imageUri]) => ({ name, imageUri }));
}
