// Wiring only: config -> template -> plan -> resources -> outputs. The thinking lives in core/.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkBeforeDeploy, ownedValues, planTaskDefinition } from "./core/pipeline";
import { imageDefinitions } from "./core/taskdef/finalise";
import { stackTags } from "./core/taskdef/owned";
import { managedPlaceholders, worstCasePlaceholders } from "./core/taskdef/placeholders";
import { pick } from "./core/taskdef/secrets";
import { alarmSpecs } from "./core/service/alarms";
import { preDeployContainer } from "./core/service/preDeploy";
import { serviceTarget } from "./core/service/target";
import { rolloutWatchTimeoutSeconds } from "./core/service/timeouts";
import { formatArn } from "./core/iam/arn";
import { checkExecutionPolicySize } from "./core/iam/policySize";
import { asRunError } from "./components/errors";
import { Cluster } from "./components/cluster";
import { PreDeployTask, RolloutWatch } from "./components/deployGates";
import { DeploymentAlarms } from "./components/rollbackAlarms";
import { AppImage } from "./components/image";
import { LoadBalancer } from "./components/loadBalancer";
import { LogGroups } from "./components/logs";
import { lookupEnvironment } from "./components/lookups";
import { ManagedSecrets } from "./components/managedSecrets";
import { Network } from "./components/network";
import { Repository } from "./components/repository";
import { TaskRoles } from "./components/roles";
import { lookupSecrets } from "./components/secrets";
import { AppService } from "./components/service";
import { loadStackConfig } from "./components/stackConfig";
import { AppTaskDefinition } from "./components/taskDefinition";
import { appSource } from "./components/templateSource";
import { declareWorkloads } from "./components/workloads";

async function main() {
    const cfg = loadStackConfig();
    const name = `${cfg.project}-${cfg.stack}`;
    const tags = stackTags(cfg);
    const [identity, partition] = await Promise.all([aws.getCallerIdentity(), aws.getPartition()]);
    const account = { accountId: identity.accountId, partition: partition.partition, dnsSuffix: partition.dnsSuffix };

    // Everything that can be wrong with the input is found here, before any resource exists.
    const source = await appSource(cfg);
    const plan = planTaskDefinition(cfg, source);
    const [existing, environment] = await Promise.all([
        lookupSecrets(cfg, plan.secretNames, identity.accountId, account.partition),
        lookupEnvironment(cfg),
    ]);
    const managedArns = managedPlaceholders(cfg, account);
    const planned = checkBeforeDeploy(
        cfg,
        plan,
        { ...managedArns, ...existing },
        worstCasePlaceholders(cfg, name, account, source.build ? undefined : source.image),
    );
    const web = planned.web;
    const { containerName, containerPort } = serviceTarget(cfg, plan.merged);
    const preDeployIn = preDeployContainer(cfg, plan.merged);
    const alarmList = alarmSpecs(cfg);
    const arn = (service: string, resource: string) =>
        formatArn({ partition: account.partition, service, region: cfg.region, account: account.accountId, resource });
    // The execution policy names ARNs built from names, so its statements are known in a first preview.
    const executionSecrets = { ...existing, ...pick(managedArns, plan.secretNames) };
    const execution = {
        region: cfg.region,
        repositoryArns: source.build
            ? [arn("ecr", `repository/${name}`)]
            : source.repositoryArn
              ? [source.repositoryArn]
              : [],
        logGroupArns: [plan, ...plan.workloads]
            .flatMap((f) => Object.values(f.logGroups))
            .map((g) => arn("logs", `log-group:${g}`)),
        secretValueFroms: Object.values(executionSecrets),
        kmsKeyArns: cfg.secrets.kmsKeyArns,
    };
    checkExecutionPolicySize(cfg, execution, executionSecrets);

    const managed = new ManagedSecrets(name, { config: cfg, tags });
    const secretValueFrom = { ...existing, ...pick(managed.valueFrom, plan.secretNames) };

    const repository = new Repository(name, {
        name,
        keepReleases: cfg.ecr.keepReleases,
        kmsKeyArn: cfg.ecr.kmsKeyArn,
        protect: cfg.protect,
        tags,
    });
    const imageRef: pulumi.Input<string> = source.build
        ? (
              await AppImage.create(name, {
                  appDir: cfg.appDir,
                  platform: cfg.platform,
                  repositoryName: name,
                  repositoryUrl: repository.repository.repositoryUrl,
                  registryId: repository.repository.registryId,
                  labelKey: cfg.labelKey,
                  templateText: source.text,
              })
          ).pinnedRef
        : source.image;
    const logs = new LogGroups(name, {
        groups: plan.logGroups,
        retentionInDays: cfg.logs.retentionDays,
        kmsKeyId: cfg.logs.kmsKeyArn,
        protect: cfg.protect,
        tags,
    });
    const roles = new TaskRoles(name, {
        ...execution,
        accountId: identity.accountId,
        taskRoleStatements: cfg.iam.taskRoleStatements,
        executeCommand: cfg.service.enableExecuteCommand,
        tags,
    });
    const taskDefinition = new AppTaskDefinition(name, {
        merged: plan.merged,
        sources: plan.sources,
        planned: web,
        dynamic: ownedValues(cfg, plan),
        secretValueFrom,
        image: imageRef,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole.arn,
    });

    const network = new Network(name, {
        network: cfg.network,
        zones: environment.zones,
        existingVpcCidr: environment.vpcCidr,
        tags,
    });
    const loadBalancer = cfg.service.loadBalancer
        ? new LoadBalancer(name, { config: cfg, network, containerPort, tags })
        : undefined;
    const cluster = new Cluster(name, { cluster: cfg.cluster, existing: environment.cluster, tags });
    const alarms =
        loadBalancer && alarmList.length
            ? new DeploymentAlarms(name, {
                  specs: alarmList,
                  loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
                  targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
                  tags,
              })
            : undefined;
    const pre = cfg.service.preDeploy;
    const preDeploy =
        pre && preDeployIn
            ? new PreDeployTask(
                  `${name}-pre-deploy`,
                  {
                      region: cfg.region,
                      cluster: cluster.arn,
                      taskDefinitionArn: taskDefinition.taskDefinition.arn,
                      subnets: network.privateSubnetIds,
                      securityGroups: network.taskSecurityGroupIds,
                      assignPublicIp: network.assignPublicIp,
                      container: preDeployIn,
                      command: pre.command,
                      timeoutSeconds: pre.timeoutSeconds,
                  },
                  // What the service's first tasks wait for: the task pulls its image, writes its log and reads its secrets with these.
                  { dependsOn: [roles.executionPolicy, logs, managed, ...network.taskEgress] },
              )
            : undefined;
    const service = new AppService(name, {
        service: cfg.service,
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        taskDefinitionArn: taskDefinition.taskDefinition.arn,
        containerName,
        containerPort,
        network,
        loadBalancer,
        alarmNames: alarms?.names,
        after: preDeploy ? [preDeploy] : [],
        waitFor: [roles.executionPolicy, logs, managed],
        containerDefinitions: web.definition.containerDefinitions,
        capacityProviders: cluster.capacityProviders,
        tags,
    });
    const rollout = cfg.service.watchRollout
        ? new RolloutWatch(
              `${name}-rollout`,
              {
                  region: cfg.region,
                  cluster: cluster.arn,
                  service: service.name,
                  taskDefinitionArn: taskDefinition.taskDefinition.arn,
                  serviceFingerprint: service.fingerprint,
                  timeoutSeconds: rolloutWatchTimeoutSeconds(cfg.service, web.definition.containerDefinitions),
                  // Absent unless configured, so a stack without them keeps its inputs.
                  pauses: cfg.service.pauses.length > 0 ? cfg.service.pauses : undefined,
                  failFastAfterTasks: cfg.service.failFast?.afterFailedTasks,
              },
              { dependsOn: [service] },
          )
        : undefined;
    const workloads = declareWorkloads(name, {
        config: cfg,
        workloads: plan.workloads,
        planned: planned.workloads,
        owned: (w) => ownedValues(cfg, plan, w),
        account,
        secretValueFrom,
        image: imageRef,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole.arn,
        cluster,
        network,
        waitFor: [roles.executionPolicy, managed],
        after: preDeploy ? [preDeploy] : [],
        tags,
    });
    const definitions = [taskDefinition, ...workloads.taskDefinitions].map((t) => t.definition);

    return {
        url: loadBalancer?.url,
        clusterName: cluster.name,
        serviceName: service.name,
        image: imageRef,
        imageDigest: pulumi.output(imageRef).apply((r) => r.slice(r.indexOf("@") + 1)),
        repositoryUrl: repository.repository.repositoryUrl,
        taskDefinitionArn: taskDefinition.taskDefinition.arn,
        runningTaskDefinition: rollout?.runningTaskDefinition,
        taskDefinitionFamily: taskDefinition.taskDefinition.family,
        logGroups: plan.logGroups,
        imageDefinitions: pulumi.all(definitions).apply((defs) => imageDefinitions(...defs)),
        taskDefinition: taskDefinition.definition.apply((d) => d.definition),
        ...workloads.outputs,
    };
}

export = async () => {
    try {
        return await main();
    } catch (e) {
        throw asRunError(e);
    }
};
