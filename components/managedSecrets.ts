import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../core/config/types";
import { secretLookups, secretValueFrom } from "../core/taskdef/secrets";

export interface ManagedSecretsArgs {
    config: StackConfig;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Secret values the stack holds in its encrypted config, written to the stack's
 * secret source (Secrets Manager or SSM SecureString) and referenced by ARN.
 * The values stay Pulumi secrets: encrypted in state, masked in every output.
 */
export class ManagedSecrets extends pulumi.ComponentResource {
    /** name -> valueFrom for the task definition */
    readonly valueFrom: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: ManagedSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ecs-deploy:index:ManagedSecrets", name, {}, opts);
        const cfg = args.config;
        if (cfg.secrets.managed.length === 0) {
            this.registerOutputs({});
            return;
        }
        const values = new pulumi.Config(cfg.project).requireSecretObject<Record<string, string>>("secretValues");
        const kmsKeyId = cfg.secrets.kmsKeyArns[0];
        // Production keeps what it wrote: dropping a secretValues entry or destroying the stack
        // must not delete a secret that kept task-definition revisions still reference.
        const keep = { parent: this, protect: cfg.protect, retainOnDelete: cfg.protect };
        for (const lookup of secretLookups(cfg.secrets.managed, cfg.secrets)) {
            const value = pulumi.secret(values.apply((v) => v[lookup.name]));
            const child = `${name}-${lookup.name.toLowerCase().replace(/_/g, "-")}`;
            if (lookup.source === "ssm") {
                const parameter = new aws.ssm.Parameter(
                    child,
                    { name: lookup.id, type: "SecureString", value, keyId: kmsKeyId, tags: args.tags },
                    keep,
                );
                this.valueFrom[lookup.name] = parameter.arn;
            } else {
                const secret = new aws.secretsmanager.Secret(
                    child,
                    { name: lookup.id, kmsKeyId, recoveryWindowInDays: cfg.protect ? 30 : 7, tags: args.tags },
                    keep,
                );
                // The version is retained, not protected: a new value may replace it.
                new aws.secretsmanager.SecretVersion(
                    child,
                    { secretId: secret.id, secretString: value },
                    { parent: this, retainOnDelete: cfg.protect },
                );
                this.valueFrom[lookup.name] = secret.arn.apply((arn) => secretValueFrom(lookup, arn));
            }
        }
        this.registerOutputs({ secretArns: this.valueFrom });
    }
}
