/**
 * Errors a user can fix. Each names where (a stack, a file, an image label),
 * the field path, what is wrong and the fix, on one line, so that `pulumi up`
 * and `render` can print it without a stack trace.
 */
export class UserError extends Error {
    constructor(
        readonly where: string,
        readonly path: string,
        readonly problem: string,
        readonly fix: string,
    ) {
        super(`${where}: ${path ? `${path}: ` : ""}${problem}. Fix: ${fix}`);
        this.name = new.target.name;
    }
}

/** The app's task-definition template (file or image label) is malformed or oversteps its trust. */
export class TemplateError extends UserError {}
/** A stack's config (overlay, service, secrets, ...) is malformed. */
export class ConfigError extends UserError {}
/** The merged task definition breaks an ECS or Fargate rule. */
export class TaskDefinitionError extends UserError {}
/** A secret named by the template does not exist in the stack's secret source. */
export class SecretNotFound extends UserError {}
/** The registry could not be read, or the image does not carry a usable label. */
export class RegistryError extends UserError {}

/** Renders a JSON-ish path: containerDefinitions[name=web].portMappings[0].hostPort. */
export function fieldPath(...parts: (string | number)[]): string {
    let out = "";
    for (const p of parts) {
        if (typeof p === "number") out += `[${p}]`;
        else if (p.startsWith("[")) out += p;
        else out += out ? `.${p}` : p;
    }
    return out;
}
