/** The resource type tokens tests look resources up by. */
export const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const IMAGE = "docker-build:index:Image";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const LB = "aws:lb/loadBalancer:LoadBalancer";
export const LISTENER = "aws:lb/listener:Listener";
export const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
export const PARAMETER = "aws:ssm/parameter:Parameter";
export const ROLE = "aws:iam/role:Role";
export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const RULE = "aws:lb/listenerRule:ListenerRule";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const SERVICE = "aws:ecs/service:Service";
export const TD = "aws:ecs/taskDefinition:TaskDefinition";
export const TG = "aws:lb/targetGroup:TargetGroup";
export const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
