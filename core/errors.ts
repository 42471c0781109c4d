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

// Characters that would split or forge a one-line message when echoed: C0/C1 controls
// (newline, CR, NEL, ESC for ANSI codes, NUL), DEL, Unicode line/paragraph separators,
// zero-width and bidi controls, the BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A user's key or value as a message shows it: double-quoted, control characters escaped, so one error stays one line. */
export function quote(value: unknown): string {
    const text = typeof value === "string" ? value : String(JSON.stringify(value) ?? value);
    return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED = 30;

/**
 * Every problem found in one pass over an input, one line each, so a user fixes
 * them together. With one problem it reads exactly as that problem's error.
 */
export class UserErrors extends UserError {
    constructor(readonly errors: UserError[]) {
        const [first] = errors;
        super(first.where, first.path, first.problem, first.fix);
        const shown = errors.slice(0, MAX_LISTED).map((e) => e.message);
        const rest = errors.length - shown.length;
        if (rest > 0) shown.push(`${first.where}: and ${rest} more problem${rest === 1 ? "" : "s"}. Fix: correct the ones above and run again to list the rest`);
        this.message = shown.join("\n");
    }
}

/** Throws the problems found, if any: the error itself when there is one, all of them (capped) when several. */
export function throwAll(errors: UserError[]): void {
    const flat = errors.flatMap((e) => (e instanceof UserErrors ? e.errors : [e]));
    if (flat.length === 1) throw flat[0];
    if (flat.length > 1) throw new UserErrors(flat);
}
