/**
 * Every call the provider and the program make for what one offline run declares: the provider-call
 * table's rows for each recorded resource, the data-source lookups, and the program's own deploy-time
 * calls (each service's rollout watch, the pre-deploy task, fail-fast).
 */
import assert from "node:assert/strict";
import { secretArnOf } from "../../core/taskdef/secrets";
import type { OfflineResult, RecordedResource } from "../../offline/runner";
import { ACCOUNT, PROJECT } from "./iamSimulator";
import { all } from "./program";
import {
    Call,
    failFastCalls,
    LOOKUPS,
    preDeployCalls,
    ProgramCallScope,
    PROVIDER_CALLS,
    rolloutWatcherCalls,
    SERVICE_LINKED_ROLES,
    Subject,
} from "./providerCalls";

export const autoName = (logical: string) => `${logical}-1a2b3c4`;
export const physicalOf = (r: RecordedResource) =>
    typeof r.inputs.name === "string" && r.inputs.name !== "" ? r.inputs.name : autoName(r.name);

/**
 * The service a resource belongs to, by logical name: the web service is `<name>`, a worker's `<name>-<worker>`,
 * and each one's scaling and rollout watch are named after it.
 */
function serviceOf(result: OfflineResult, name: string): (logical: string) => string {
    const services = all(result, "aws:ecs/service:Service")
        .map((r) => ({ logical: r.name, physical: physicalOf(r) }))
        .sort((a, b) => b.logical.length - a.logical.length);
    const web = services.find((s) => s.logical === name) ?? services[services.length - 1];
    return (logical) =>
        (services.find((s) => logical === s.logical || logical.startsWith(`${s.logical}-`)) ?? web).physical;
}

/** Every call the provider and the program make for what this run declares (the table's rows for each resource, plus lookups). */
export function neededCalls(
    result: OfflineResult,
    region: string,
    stack: string,
    deployYamlConfig: Record<string, any>,
): Call[] {
    const name = `${PROJECT}-${stack}`;
    const existingCluster = (deployYamlConfig[`${PROJECT}:cluster`] as { name?: string } | undefined)?.name;
    const clusterRes = all(result, "aws:ecs/cluster:Cluster")[0];
    const cluster = existingCluster ?? physicalOf(clusterRes);
    const serviceFor = serviceOf(result, name);
    const svc = serviceFor(name);
    const lbRes = all(result, "aws:lb/loadBalancer:LoadBalancer")[0];
    const roles = new Map(all(result, "aws:iam/role:Role").map((r) => [r.name, physicalOf(r)]));
    const roleName = (logical: string) => roles.get(logical) ?? assert.fail(`no role ${logical}`);
    const secretNames = new Map(
        all(result, "aws:secretsmanager/secret:Secret").map((r) => [r.name, String(r.inputs.name)]),
    );
    const calls: Call[] = [];
    for (const res of result.resources) {
        const rows = PROVIDER_CALLS.filter((row) => row.type === res.type);
        const subject: Subject = {
            partition: "aws",
            account: ACCOUNT,
            region,
            name,
            logical: res.name,
            physical:
                res.type === "aws:secretsmanager/secretVersion:SecretVersion"
                    ? secretNames.get(res.name)!
                    : physicalOf(res),
            inputs: res.inputs,
            cluster,
            service: serviceFor(res.name),
            loadBalancer: lbRes ? physicalOf(lbRes) : "",
            roleName,
        };
        for (const row of rows.filter((r) => !r.when || r.when(res.inputs)))
            calls.push({ action: row.action, ...row.on(subject) });
        for (const slr of SERVICE_LINKED_ROLES.filter((x) => x.type === res.type)) {
            calls.push({
                action: "iam:CreateServiceLinkedRole",
                resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${slr.service}/${slr.role}`,
                context: { "iam:AWSServiceName": slr.service },
            });
        }
    }
    // Every family's secrets (workers and jobs share the web's), looked up unless the stack writes them.
    const managed = Object.keys((deployYamlConfig[`${PROJECT}:secretValues`] as object | undefined) ?? {});
    const containers = all(result, "aws:ecs/taskDefinition:TaskDefinition").flatMap(
        (td) =>
            JSON.parse(String(td.inputs.containerDefinitions)) as { secrets?: { name: string; valueFrom: string }[] }[],
    );
    for (const s of containers.flatMap((c) => c.secrets ?? []).filter((x) => !managed.includes(x.name))) {
        const lookup = s.valueFrom.includes(":ssm:") ? LOOKUPS.parameter : LOOKUPS.secret;
        for (const action of lookup.actions) calls.push({ action, resource: secretArnOf(s.valueFrom) });
    }
    if (all(result, "aws:ec2/vpc:Vpc").length)
        calls.push(...LOOKUPS.zones.actions.map((action) => ({ action, resource: "*" })));
    const lb = (
        deployYamlConfig[`${PROJECT}:service`] as { loadBalancer?: { internal?: boolean; allowedCidrs?: string[] } }
    ).loadBalancer;
    if (!all(result, "aws:ec2/vpc:Vpc").length && lb?.internal && !lb.allowedCidrs?.length)
        calls.push(...LOOKUPS.vpc.actions.map((action) => ({ action, resource: "*" })));
    if (existingCluster)
        calls.push(
            ...LOOKUPS.cluster.actions.map((action) => ({
                action,
                resource: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/${existingCluster}`,
            })),
        );
    // The program's own deploy-time steps, where it declares them: a rollout watch per service.
    const scope = programScope(result, region, stack, cluster, svc, roleName);
    for (const watch of result.resources.filter((r) => r.type.endsWith(":RolloutWatch")))
        calls.push(...rolloutWatcherCalls({ ...scope, service: serviceFor(watch.name) }));
    const watched = result.resources.some((r) => r.type.endsWith(":RolloutWatch") && serviceFor(r.name) === svc);
    if (watched && (deployYamlConfig[`${PROJECT}:service`] as { failFast?: object }).failFast)
        calls.push(...failFastCalls(scope));
    if (result.resources.some((r) => r.type.endsWith(":PreDeployTask"))) calls.push(...preDeployCalls(scope));
    return calls;
}

/** The web service's names, for the calls the program makes for it. */
export function programScope(
    result: OfflineResult,
    region: string,
    stack: string,
    cluster: string,
    svc: string,
    roleName: (l: string) => string,
): ProgramCallScope {
    const name = `${PROJECT}-${stack}`;
    // The web family's log groups are /ecs/<project>/<stack>/<container>; a worker's or a job's one level deeper.
    const group = all(result, "aws:cloudwatch/logGroup:LogGroup")
        .map((r) => String(r.inputs.name))
        .find((g) => g.split("/").length === 5)!;
    return {
        partition: "aws",
        account: ACCOUNT,
        region,
        name,
        cluster,
        service: svc,
        family: name,
        logGroup: group,
        roleName,
    };
}
