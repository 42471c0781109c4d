import type { IamStatement } from "../iamDocument";
import type { StackNames } from "./scope";

export const ecsWildcardOnlyActions = (): string[] => ["ecs:DescribeTaskDefinition"];

/** The cluster (or only a look at a reused one), the service, its task definition family, and the tasks it runs. */
export function ecsStatements(n: StackNames): IamStatement[] {
    const f = n.features;
    const { cluster, clusterArn, named } = n;
    const statements: IamStatement[] = [];
    if (n.app.clusterName) {
        statements.push({
            Sid: "EcsExistingCluster",
            Effect: "Allow",
            Action: "ecs:DescribeClusters",
            Resource: clusterArn,
        });
    } else {
        statements.push({
            Sid: "EcsCluster",
            Effect: "Allow",
            Action: [
                "ecs:CreateCluster",
                "ecs:DescribeClusters",
                "ecs:UpdateCluster",
                "ecs:DeleteCluster",
                "ecs:TagResource",
                "ecs:UntagResource",
            ],
            Resource: clusterArn,
        });
        // The created cluster's FARGATE and FARGATE_SPOT (components/cluster.ts), and no other provider;
        // the delete's empty lists name none, so the condition holds for it too.
        statements.push({
            Sid: "EcsClusterCapacityProviders",
            Effect: "Allow",
            Action: "ecs:PutClusterCapacityProviders",
            Resource: clusterArn,
            Condition: { "ForAllValues:StringEquals": { "ecs:capacity-provider": ["FARGATE", "FARGATE_SPOT"] } },
        });
    }
    const serviceArn = n.arn("ecs", `service/${cluster}/${named}`);
    const deploymentArn = n.arn("ecs", `service-deployment/${cluster}/${named}`);
    statements.push(
        {
            Sid: "EcsService",
            Effect: "Allow",
            Action: [
                "ecs:CreateService",
                "ecs:DescribeServices",
                "ecs:UpdateService",
                "ecs:DeleteService",
                "ecs:TagResource",
                "ecs:UntagResource",
                // The provider's steady-state wait and the program's rollout watch both follow the service's deployments;
                // the provider's sigintRollback stops one on Ctrl-C, and the watch with service.failFast rolls a failing one back.
                ...(f.waitForSteadyState || f.watchRollout
                    ? ["ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments"]
                    : []),
                ...(f.waitForSteadyState || f.failFast ? ["ecs:StopServiceDeployment"] : []),
            ],
            Resource: f.waitForSteadyState || f.watchRollout ? [serviceArn, deploymentArn] : serviceArn,
        },
        {
            // One family, the stack's own name; old revisions stay registered (skipDestroy), so nothing deregisters.
            Sid: "EcsTaskDefinition",
            Effect: "Allow",
            Action: [
                "ecs:RegisterTaskDefinition",
                "ecs:TagResource",
                "ecs:UntagResource",
                ...(f.preDeploy ? ["ecs:RunTask"] : []),
            ],
            Resource: n.arn("ecs", `task-definition/${n.name}:*`),
        },
    );
    const workloads = [...n.app.workers, ...n.app.jobs];
    if (workloads.length > 0) {
        // Each worker's and job's own family, `<project>-<stack>-<name>` (core/taskdef/workload.ts); never run from here.
        statements.push({
            Sid: "EcsWorkloadTaskDefinitions",
            Effect: "Allow",
            Action: ["ecs:RegisterTaskDefinition", "ecs:TagResource", "ecs:UntagResource"],
            Resource: workloads.map((w) => n.arn("ecs", `task-definition/${n.name}-${w}:*`)),
        });
    }
    if (f.watchRollout || f.preDeploy) {
        // The rollout watcher and the pre-deploy task read the stack's tasks, in its cluster only.
        statements.push({
            Sid: "EcsTasks",
            Effect: "Allow",
            Action: ["ecs:DescribeTasks", ...(f.preDeploy ? ["ecs:StopTask"] : [])],
            Resource: n.arn("ecs", `task/${cluster}/*`),
        });
    }
    if (f.preDeploy) {
        // RunTask propagates the task definition's tags to the task: ECS authorises them as TagResource on create.
        statements.push({
            Sid: "EcsTagPreDeployTask",
            Effect: "Allow",
            Action: "ecs:TagResource",
            Resource: n.arn("ecs", `task/${cluster}/*`),
            Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
        });
    }
    if (f.watchRollout) {
        statements.push({
            Sid: "EcsListTasks",
            Effect: "Allow",
            Action: "ecs:ListTasks",
            Resource: n.arn("ecs", `container-instance/${cluster}/*`),
            Condition: { ArnLike: { "ecs:cluster": clusterArn } },
        });
    }
    return statements;
}
