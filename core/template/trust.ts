import { memberShape, registerTaskDefinitionShape } from "../taskdef/model";
import { isPlainObject, itemSegment, quote } from "../support/paths";
import { rawContainers, ShapeIssue } from "../taskdef/shape";

/** The docker label by which a container opts out of the read-only root filesystem (Security Hub ECS.5). */
export const WRITABLE_ROOT_LABEL = "ecs-deploy.writable-root-filesystem";

/**
 * What a template's secret may be called: a portable environment-variable name
 * (POSIX.1-2017 Base Definitions 8.1: letters, digits and _, not starting with a
 * digit). It is also the last part of the secret's name under the stack's
 * prefix, so an ARN, a path or another account can never appear here.
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const own = (o: Record<string, unknown>, k: string) => Object.hasOwn(o, k);

// A template volume only names itself (and whether the service configures it at launch,
// e.g. an EBS volume from the stack's service config); every other Volume member is a data source.
const VOLUME_NAMING = new Set(["name", "configuredAtLaunch"]);
function volumeSources(): string[] {
    const list = memberShape(registerTaskDefinitionShape(), ["volumes"]);
    const volume = list?.kind === "list" ? list.member : list;
    return volume && volume.kind === "structure"
        ? Object.keys(volume.members).filter((m) => !VOLUME_NAMING.has(m))
        : [];
}

/**
 * The image label is written by whoever builds the image; an overlay is reviewed
 * with the stack. So the template may not grant itself privileges, point at
 * credentials or secrets, choose data to mount, or approve its own exceptions to
 * the security rules: those come from the stack.
 */
export function checkTemplateTrust(template: Record<string, unknown>): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const deny = (path: string, problem: string, fix: string) => issues.push({ path, problem, fix });
    const stackOwns = "the stack sets it, not the app";

    for (const role of ["taskRoleArn", "executionRoleArn"]) {
        if (own(template, role))
            deny(
                role,
                `may not be set by the template (${stackOwns})`,
                `remove ${role} from the template; the program creates both roles`,
            );
    }
    if (own(template, "networkMode") && template.networkMode !== "awsvpc") {
        deny(
            "networkMode",
            `may not be ${quote(String(template.networkMode))} in the template (Fargate runs awsvpc only)`,
            "remove networkMode or set it to awsvpc",
        );
    }
    for (const mode of ["pidMode", "ipcMode"]) {
        if (own(template, mode) && template[mode] === "host")
            deny(mode, `may not share the host's namespace from the template`, `remove ${mode}`);
    }

    const volumes = Array.isArray(template.volumes) ? template.volumes : [];
    const sources = volumeSources();
    volumes.forEach((v, i) => {
        if (!isPlainObject(v)) return;
        const at = `volumes${itemSegment("volumes", v, i)}`;
        for (const source of sources.filter((s) => own(v, s))) {
            const fsx = v[source];
            const credentials =
                isPlainObject(fsx) &&
                isPlainObject(fsx.authorizationConfig) &&
                own(fsx.authorizationConfig, "credentialsParameter");
            if (credentials)
                deny(
                    `${at}.${source}.authorizationConfig.credentialsParameter`,
                    `may not point at credentials from the template (${stackOwns})`,
                    "declare the volume by name in the template and set its source in the stack overlay",
                );
            else
                deny(
                    `${at}.${source}`,
                    `may not choose what data to mount from the template (${stackOwns})`,
                    `keep only the volume's name in the template and set ${source} in the stack overlay`,
                );
        }
    });

    // The template is checked here before its shape is known (checkShape runs alongside): read defensively.
    rawContainers(template).forEach((c, i) => {
        if (!isPlainObject(c)) return;
        const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}`;
        if (own(c, "privileged"))
            deny(
                `${at}.privileged`,
                "may not be set by the template",
                "remove privileged; Fargate does not allow privileged containers",
            );
        const caps =
            isPlainObject(c.linuxParameters) && isPlainObject(c.linuxParameters.capabilities)
                ? c.linuxParameters.capabilities.add
                : undefined;
        if (Array.isArray(caps) && caps.length > 0) {
            deny(
                `${at}.linuxParameters.capabilities.add`,
                "may not add Linux capabilities from the template",
                "remove capabilities.add; a stack overlay may add SYS_PTRACE if it must",
            );
        }
        for (const pointer of ["repositoryCredentials", "credentialSpecs"]) {
            if (own(c, pointer))
                deny(
                    `${at}.${pointer}`,
                    `may not point at credentials from the template (${stackOwns})`,
                    `set ${pointer} in the stack overlay instead`,
                );
        }
        if (isPlainObject(c.dockerLabels) && own(c.dockerLabels, WRITABLE_ROOT_LABEL)) {
            deny(
                `${at}.dockerLabels.${WRITABLE_ROOT_LABEL}`,
                "may not be set by the template: the image may not approve its own exception to the read-only root filesystem rule (ECS.5)",
                "remove the label from the template; the stack's overlay may set it on this container, with the reason",
            );
        }
        const secrets = Array.isArray(c.secrets) ? c.secrets : [];
        secrets.forEach((s, j) => {
            if (!isPlainObject(s)) return;
            const sat = `${at}.secrets${itemSegment("secrets", s, j)}`;
            if (own(s, "valueFrom")) {
                deny(
                    `${sat}.valueFrom`,
                    "may not be set by the template: secret entries are names only",
                    "remove valueFrom; the stack's secrets source and prefix resolve the name to an ARN",
                );
            }
            if (typeof s.name === "string" && !ENV_NAME.test(s.name)) {
                deny(
                    `${sat}.name`,
                    `${quote(s.name)} is not an environment-variable name; a template's secret is named, never pointed at ` +
                        `(an ARN or path here would bypass the stack's secret prefix)`,
                    "name it with letters, digits and _ (e.g. DATABASE_URL); the stack's secrets.prefix (or secrets.map) says where its value lives",
                );
            }
        });
        const secretOptions =
            isPlainObject(c.logConfiguration) && Array.isArray(c.logConfiguration.secretOptions)
                ? c.logConfiguration.secretOptions
                : [];
        if (secretOptions.length > 0) {
            deny(
                `${at}.logConfiguration.secretOptions`,
                "may not reference secrets from the template",
                "move secretOptions to the stack overlay",
            );
        }
    });
    return issues;
}
