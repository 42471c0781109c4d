import { iamDocument, IamDocument } from "../iamDocument";
import { autoscalingStatements, autoscalingWildcardOnlyActions } from "./autoscaling";
import { cloudwatchStatements } from "./cloudwatch";
import { ec2Statements, ec2WildcardOnlyActions } from "./ec2";
import { ecrStatements, ecrWildcardOnlyActions } from "./ecr";
import { ecsStatements, ecsWildcardOnlyActions } from "./ecs";
import { elbStatements, elbWildcardOnlyActions } from "./elb";
import { iamStatements } from "./iam";
import { logsStatements, logsWildcardOnlyActions } from "./logs";
import { schedulerStatements } from "./scheduler";
import { DeployScope, stackNames, wildcardOnly } from "./scope";
import { secretsStatements, secretsWildcardOnlyActions } from "./secrets";
import { sqsStatements } from "./sqs";

export { ECR_PUSH_PULL, ECR_READ } from "./ecr";
export { ROLE_SUFFIXES } from "./iam";
export type { DeployScope } from "./scope";

/** One app stack's deploy role (see DeployScope): one builder per service, in this order. */
export function deployRoleDocument(scope: DeployScope): IamDocument {
    const n = stackNames(scope);
    return iamDocument(
        // IAM authorises these on "*" only (the service reference lists no resource type for them).
        wildcardOnly(n, "DescribeOnWildcardOnly", [
            ...ecrWildcardOnlyActions(n),
            ...ecsWildcardOnlyActions(),
            ...logsWildcardOnlyActions(),
            ...secretsWildcardOnlyActions(n),
            ...ec2WildcardOnlyActions(n),
            ...elbWildcardOnlyActions(n),
            ...autoscalingWildcardOnlyActions(n),
        ]),
        ...ecrStatements(n),
        ...ecsStatements(n),
        ...logsStatements(n),
        ...iamStatements(n),
        ...ec2Statements(n),
        ...elbStatements(n),
        ...autoscalingStatements(n),
        ...cloudwatchStatements(n),
        ...schedulerStatements(n),
        ...sqsStatements(n),
        ...secretsStatements(n),
    );
}
