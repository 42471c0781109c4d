import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecsTasksTrustDocument, executionRoleDocument, taskRoleDocument } from "../core/iam/roleDocuments";

export interface TaskRolesArgs {
    accountId: string;
    region: string;
    repositoryArns: pulumi.Input<string>[];
    logGroupArns: pulumi.Input<string>[];
    secretValueFroms: pulumi.Input<string>[];
    kmsKeyArns: string[];
    taskRoleStatements: Record<string, unknown>[];
    /** ECS Exec needs the task to open SSM message channels. */
    executeCommand: boolean;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The execution role (ECS agent: pull, log, read secrets) and the task role
 * (the app itself), each trusted only by ECS tasks of this account and
 * granted exactly the ARNs this service uses.
 */
export class TaskRoles extends pulumi.ComponentResource {
    readonly executionRole: aws.iam.Role;
    /** The service waits for it: without it the first tasks cannot pull, log or read secrets. */
    readonly executionPolicy: aws.iam.RolePolicy;
    readonly taskRole: aws.iam.Role;

    constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:TaskRoles", name, {}, opts);
        const assumeRolePolicy = JSON.stringify(ecsTasksTrustDocument(args.accountId, args.region));

        this.executionRole = new aws.iam.Role(
            `${name}-execution`,
            {
                assumeRolePolicy,
                description: "ECS pulls the image, writes logs and reads secrets for this service",
                tags: args.tags,
            },
            { parent: this },
        );
        this.executionPolicy = new aws.iam.RolePolicy(
            `${name}-execution`,
            {
                role: this.executionRole.id,
                policy: pulumi
                    .all([
                        pulumi.all(args.repositoryArns),
                        pulumi.all(args.logGroupArns),
                        pulumi.all(args.secretValueFroms),
                    ])
                    .apply(([repositoryArns, logGroupArns, secretValueFroms]) =>
                        JSON.stringify(
                            executionRoleDocument({
                                region: args.region,
                                repositoryArns,
                                logGroupArns,
                                secretValueFroms,
                                kmsKeyArns: args.kmsKeyArns,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );

        this.taskRole = new aws.iam.Role(
            `${name}-task`,
            {
                assumeRolePolicy,
                description: "The app's own permissions: none unless the stack grants them",
                tags: args.tags,
            },
            { parent: this },
        );
        const taskDocument = taskRoleDocument(args.taskRoleStatements, args.executeCommand);
        if (taskDocument)
            new aws.iam.RolePolicy(
                `${name}-task`,
                { role: this.taskRole.id, policy: JSON.stringify(taskDocument) },
                { parent: this },
            );

        this.registerOutputs({ executionRoleArn: this.executionRole.arn, taskRoleArn: this.taskRole.arn });
    }
}
