import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LogGroupsArgs {
    /** container name -> log group name */
    groups: Record<string, string>;
    retentionInDays: pulumi.Input<number>;
    kmsKeyId?: pulumi.Input<string>;
    /** Production keeps its logs even if the stack is destroyed. */
    protect: boolean;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** One CloudWatch log group per container that logs through awslogs. */
export class LogGroups extends pulumi.ComponentResource {
    readonly names: Record<string, pulumi.Output<string>> = {};
    readonly arns: pulumi.Output<string>[] = [];

    constructor(name: string, args: LogGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:LogGroups", name, {}, opts);
        for (const [container, groupName] of Object.entries(args.groups).sort()) {
            const group = new aws.cloudwatch.LogGroup(
                `${name}-${container}`,
                { name: groupName, retentionInDays: args.retentionInDays, kmsKeyId: args.kmsKeyId, tags: args.tags },
                { parent: this, protect: args.protect, retainOnDelete: args.protect },
            );
            this.names[container] = group.name;
            this.arns.push(group.arn);
        }
        this.registerOutputs({ names: this.names });
    }
}
