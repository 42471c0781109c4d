import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { OwnedValues } from "../core/pipeline";
import { finalise, Sources, TaskDefinition } from "../core/taskdef/finalise";
import { canonicalJson } from "../core/taskdef/normalise";
import { TaskDefinitionArgs, toTaskDefinitionArgs } from "../core/taskdef/args";
import { userCode } from "./errors";

export interface AppTaskDefinitionArgs {
    merged: RegisterTaskDefinitionCommandInput;
    sources: Sources;
    /** The definition checked before deploying (core/pipeline.ts checkBeforeDeploy): its static fields register as they are. */
    planned: TaskDefinition;
    /** Everything but the values known only once resources exist. */
    dynamic: OwnedValues;
    /** secret name -> valueFrom; managed secrets' ARNs exist only once created. */
    secretValueFrom: Record<string, pulumi.Input<string>>;
    image: pulumi.Input<string>;
    executionRoleArn: pulumi.Input<string>;
    taskRoleArn: pulumi.Input<string>;
}

/** The merged, validated, normalised task definition, registered with ECS. */
export class AppTaskDefinition extends pulumi.ComponentResource {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** The RegisterTaskDefinition input, as rendered. */
    readonly definition: pulumi.Output<TaskDefinition>;

    constructor(name: string, args: AppTaskDefinitionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:AppTaskDefinition", name, {}, opts);
        this.definition = pulumi
            .all([args.image, args.executionRoleArn, args.taskRoleArn, pulumi.all(args.secretValueFrom)])
            .apply(([image, executionRoleArn, taskRoleArn, secretValueFrom]) =>
                userCode(() =>
                    finalise(
                        args.merged,
                        { ...args.dynamic, image, executionRoleArn, taskRoleArn, secretValueFrom },
                        args.sources,
                    ),
                ),
            );
        // Everything but the containers and role ARNs is known before any resource exists, so a first
        // preview (and the policy pack) sees it; the final definition must agree with it field by field.
        const known = staticArgs(toTaskDefinitionArgs(args.planned.definition));
        const a = this.definition.apply((d) => {
            const final = toTaskDefinitionArgs(d.definition);
            const drift = (Object.keys(known) as (keyof StaticArgs)[]).find(
                (k) => canonicalJson(final[k], 0) !== canonicalJson(known[k], 0),
            );
            if (drift) throw new Error(`task definition ${drift} differs from the one checked before deploying`);
            return final;
        });
        this.taskDefinition = new aws.ecs.TaskDefinition(
            name,
            {
                ...known,
                containerDefinitions: a.containerDefinitions,
                executionRoleArn: a.executionRoleArn,
                taskRoleArn: a.taskRoleArn,
                // A new revision replaces the old one, which stays registered: a rollback (or the circuit breaker) needs it.
                skipDestroy: true,
            },
            { parent: this },
        );
        this.registerOutputs({ arn: this.taskDefinition.arn });
    }
}

type StaticArgs = Omit<TaskDefinitionArgs, "containerDefinitions" | "executionRoleArn" | "taskRoleArn">;

/** The arguments that depend on neither the image nor role or secret ARNs. */
function staticArgs(a: TaskDefinitionArgs): StaticArgs {
    return {
        family: a.family,
        cpu: a.cpu,
        memory: a.memory,
        networkMode: a.networkMode,
        requiresCompatibilities: a.requiresCompatibilities,
        runtimePlatform: a.runtimePlatform,
        ephemeralStorage: a.ephemeralStorage,
        volumes: a.volumes,
        pidMode: a.pidMode,
        proxyConfiguration: a.proxyConfiguration,
        enableFaultInjection: a.enableFaultInjection,
        // The layers' and the stack's, as the definition render shows carries them (finalise withStackTags).
        tags: a.tags,
    };
}
