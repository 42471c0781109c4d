import { escapeControls } from "./paths";

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
        // Input reaches these parts (names, keys, file paths): escaped, the message stays one line.
        super(escapeControls(`${where}: ${path ? `${path}: ` : ""}${problem}. Fix: ${fix}`));
        this.name = new.target.name;
    }

    /** The other problems found in the same pass, each its own line of the message after this one's. */
    others: UserError[] = [];
}

/** Problems a user fixes in one pass: one line each, at most this many. */
export const MAX_REPORTED = 20;

/** One error for several problems: the first, with every other one as its own line (up to MAX_REPORTED). */
export function together(errors: UserError[]): UserError {
    const [first, ...rest] = errors;
    const shown = rest.slice(0, MAX_REPORTED - 1);
    const lines = [first.message, ...shown.map((e) => e.message)];
    const hidden = rest.length - shown.length;
    if (hidden > 0)
        lines.push(
            `${first.where}: ${hidden} more problem${hidden > 1 ? "s" : ""} not shown. Fix: fix the ones above and run again`,
        );
    first.message = lines.join("\n");
    first.others = rest;
    return first;
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

/** Throws the problems found, if any: the error itself when there is one, all of them together (capped) when several. */
export function throwAll(errors: UserError[]): void {
    const flat = errors.flatMap((e) => [e, ...e.others]);
    if (flat.length > 0) throw together(flat);
}
