// Wiring only: config -> template -> plan -> resources -> outputs. The thinking lives in core/.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkBeforeDeploy, managedPlaceholders, ownedValues, pick, planTaskDefinition, serviceTarget } from "./core/plan";
import { imageDefinitions } from "./core/taskdef";
import { asRunError } from "./components/errors";
import { Cluster } from "./components/cluster";
import { AppImage } from "./components/image";
import { LoadBalancer } from "./components/loadBalancer";
import { LogGroups } from "./components/logs";
import { ManagedSecrets } from "./components/managedSecrets";
import { Network } from "./components/network";
import { Repository } from "./components/repository";
import { TaskRoles } from "./components/roles";
import { lookupSecrets } from "./components/secrets";
import { AppService } from "./components/service";
import { loadStackConfig } from "./components/stackConfig";
import { AppTaskDefinition } from "./components/taskDefinition";
import { appSource } from "./components/templateSource";

async function main() {
    const cfg = loadStackConfig();
    const name = `${cfg.project}-${cfg.stack}`;
    const tags = { app: cfg.project, stack: cfg.stack, "managed-by": "pulumi" };
    const identity = await aws.getCallerIdentity();

    // Everything that can be wrong with the input is found here, before any resource exists.
    const source = await appSource(cfg);
    const plan = planTaskDefinition(cfg, source);
    const existing = await lookupSecrets(cfg, plan.secretNames, identity.accountId);
    checkBeforeDeploy(cfg, plan, { ...managedPlaceholders(cfg), ...existing });
    const { containerName, containerPort } = serviceTarget(cfg, plan.merged);

    const managed = new ManagedSecrets(name, { config: cfg, tags });
    const secretValueFrom = { ...existing, ...pick(managed.valueFrom, plan.secretNames) };

    const repository = new Repository(name, { name, keepReleases: cfg.ecr.keepReleases, kmsKeyArn: cfg.ecr.kmsKeyArn, protect: cfg.protect, tags });
    const imageRef: pulumi.Input<string> = source.build
        ? (await AppImage.create(name, { appDir: cfg.appDir, platform: cfg.platform, repositoryName: name, repositoryUrl: repository.repository.repositoryUrl, registryId: repository.repository.registryId, labelKey: cfg.labelKey, templateText: source.text })).pinnedRef
        : source.image;
    const pulledFrom: pulumi.Input<string>[] = source.build ? [repository.repository.arn] : source.repositoryArn ? [source.repositoryArn] : [];

    const logs = new LogGroups(name, { groups: plan.logGroups, retentionInDays: cfg.logs.retentionDays, kmsKeyId: cfg.logs.kmsKeyArn, protect: cfg.protect, tags });
    const roles = new TaskRoles(name, {
        accountId: identity.accountId,
        region: cfg.region,
        repositoryArns: pulledFrom,
        logGroupArns: logs.arns,
        secretValueFroms: Object.values(secretValueFrom),
        kmsKeyArns: cfg.secrets.kmsKeyArns,
        taskRoleStatements: cfg.iam.taskRoleStatements,
        executeCommand: cfg.service.enableExecuteCommand,
        tags,
    });
    const taskDefinition = new AppTaskDefinition(name, {
        merged: plan.merged,
        sources: plan.sources,
        dynamic: ownedValues(cfg, plan),
        secretValueFrom,
        image: imageRef,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole.arn,
        tags,
    });

    const network = new Network(name, { network: cfg.network, tags });
    const loadBalancer = cfg.service.loadBalancer ? new LoadBalancer(name, { config: cfg, network, containerPort, tags }) : undefined;
    const cluster = new Cluster(name, { cluster: cfg.cluster, tags });
    const service = new AppService(name, {
        config: cfg,
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        taskDefinitionArn: taskDefinition.taskDefinition.arn,
        containerName,
        containerPort,
        network,
        loadBalancer,
        tags,
    });

    return {
        url: loadBalancer?.url,
        clusterName: cluster.name,
        serviceName: service.name,
        image: imageRef,
        imageDigest: pulumi.output(imageRef).apply((r) => r.slice(r.indexOf("@") + 1)),
        repositoryUrl: repository.repository.repositoryUrl,
        taskDefinitionArn: taskDefinition.taskDefinition.arn,
        taskDefinitionFamily: taskDefinition.taskDefinition.family,
        logGroups: plan.logGroups,
        imageDefinitions: taskDefinition.definition.apply(imageDefinitions),
        taskDefinition: taskDefinition.definition.apply((d) => d.definition),
    };
}

export = async () => {
    try {
        return await main();
    } catch (e) {
        throw asRunError(e);
    }
};
