// Wiring only: config -> template -> plan -> resources -> outputs. The thinking lives in core/.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkBeforeDeploy, planTaskDefinition } from "./core/plan";
import { ecrRepositoryArn } from "./core/policy";
import { imageDefinitions } from "./core/taskdef";
import { asRunError } from "./components/errors";
import { AppImage } from "./components/image";
import { LogGroups } from "./components/logs";
import { Repository } from "./components/repository";
import { TaskRoles } from "./components/roles";
import { lookupSecrets } from "./components/secrets";
import { loadStackConfig } from "./components/stackConfig";
import { AppTaskDefinition } from "./components/taskDefinition";
import { templateFromFile, templateFromImage } from "./components/templateSource";

async function main() {
    const cfg = loadStackConfig();
    const name = `${cfg.project}-${cfg.stack}`;
    const tags = { app: cfg.project, stack: cfg.stack, "managed-by": "pulumi" };
    const identity = await aws.getCallerIdentity();

    // Everything that can be wrong with the input is found here, before any resource exists.
    const built = cfg.image ? undefined : templateFromFile(cfg);
    const deployed = cfg.image ? await templateFromImage(cfg, cfg.image) : undefined;
    const plan = planTaskDefinition(cfg, (built ?? deployed)!);
    const secretValueFrom = await lookupSecrets(cfg, plan.secretNames, identity.accountId);
    checkBeforeDeploy(cfg, plan, secretValueFrom);

    const repository = new Repository(name, { name, keepReleases: cfg.ecr.keepReleases, kmsKeyArn: cfg.ecr.kmsKeyArn, protect: cfg.protect, tags });
    const image = built
        ? new AppImage(name, { appDir: cfg.appDir, platform: cfg.platform, repositoryUrl: repository.repository.repositoryUrl, registryId: repository.repository.registryId, labelKey: cfg.labelKey, templateText: built.text })
        : undefined;
    const imageRef: pulumi.Input<string> = image ? image.pinnedRef : deployed!.image;
    const pulledFrom = image ? [repository.repository.arn] : [deployed && ecrRepositoryArn(deployed.registry, deployed.repository)].filter((a): a is string => !!a);

    const logs = new LogGroups(name, { groups: plan.logGroups, retentionInDays: cfg.logs.retentionDays, kmsKeyId: cfg.logs.kmsKeyArn, protect: cfg.protect, tags });
    const roles = new TaskRoles(name, {
        accountId: identity.accountId,
        region: cfg.region,
        repositoryArns: pulledFrom,
        logGroupArns: logs.arns,
        secretValueFroms: Object.values(secretValueFrom),
        kmsKeyArns: cfg.secrets.kmsKeyArns,
        taskRoleStatements: cfg.iam.taskRoleStatements,
        tags,
    });
    const taskDefinition = new AppTaskDefinition(name, {
        merged: plan.merged,
        sources: plan.sources,
        dynamic: { family: plan.family, region: cfg.region, logGroups: plan.logGroups, streamPrefix: cfg.stack, cpuArchitecture: plan.cpuArchitecture, secretValueFrom },
        image: imageRef,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole.arn,
        tags,
    });

    return {
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
