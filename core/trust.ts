import { isPlainObject, itemSegment } from "./paths";
import { ShapeIssue } from "./shape";

/**
 * The image label is written by whoever builds the image; an overlay is reviewed
 * with the stack. So the template may not grant itself privileges or point at
 * secrets: those come from the stack.
 */
export function checkTemplateTrust(template: Record<string, unknown>): ShapeIssue[] {
    const issues: ShapeIssue[] = [];
    const deny = (path: string, problem: string, fix: string) => issues.push({ path, problem, fix });
    const stackOwns = "the stack sets it, not the app";

    for (const role of ["taskRoleArn", "executionRoleArn"]) {
        if (role in template) deny(role, `may not be set by the template (${stackOwns})`, `remove ${role} from the template; the program creates both roles`);
    }
    if ("networkMode" in template && template.networkMode !== "awsvpc") {
        deny("networkMode", `may not be "${String(template.networkMode)}" in the template (Fargate runs awsvpc only)`, "remove networkMode or set it to awsvpc");
    }
    for (const mode of ["pidMode", "ipcMode"]) {
        if (template[mode] === "host") deny(mode, `may not share the host's namespace from the template`, `remove ${mode}`);
    }

    const containers = Array.isArray(template.containerDefinitions) ? template.containerDefinitions : [];
    containers.forEach((c, i) => {
        if (!isPlainObject(c)) return;
        const at = `containerDefinitions${itemSegment("containerDefinitions", c, i)}`;
        if ("privileged" in c) deny(`${at}.privileged`, "may not be set by the template", "remove privileged; Fargate does not allow privileged containers");
        const caps = isPlainObject(c.linuxParameters) && isPlainObject(c.linuxParameters.capabilities) ? c.linuxParameters.capabilities.add : undefined;
        if (Array.isArray(caps) && caps.length > 0) {
            deny(`${at}.linuxParameters.capabilities.add`, "may not add Linux capabilities from the template", "remove capabilities.add; a stack overlay may add SYS_PTRACE if it must");
        }
        if ("repositoryCredentials" in c) {
            deny(`${at}.repositoryCredentials`, `may not point at credentials from the template (${stackOwns})`, "set repositoryCredentials in the stack overlay instead");
        }
        const secrets = Array.isArray(c.secrets) ? c.secrets : [];
        secrets.forEach((s, j) => {
            if (isPlainObject(s) && "valueFrom" in s) {
                deny(`${at}.secrets${itemSegment("secrets", s, j)}.valueFrom`, "may not be set by the template: secret entries are names only", "remove valueFrom; the stack's secrets source and prefix resolve the name to an ARN");
            }
        });
        const secretOptions = isPlainObject(c.logConfiguration) && Array.isArray(c.logConfiguration.secretOptions) ? c.logConfiguration.secretOptions : [];
        if (secretOptions.length > 0) {
            deny(`${at}.logConfiguration.secretOptions`, "may not reference secrets from the template", "move secretOptions to the stack overlay");
        }
    });
    return issues;
}
