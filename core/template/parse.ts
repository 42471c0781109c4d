import type { RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import { TemplateError, ConfigError, UserError, together } from "../support/errors";
import { registerTaskDefinitionShape } from "../taskdef/model";
import { layerIssues } from "../taskdef/layerRules";
import { coerceTaskSize } from "../taskdef/normalise";
import { isPlainObject, quote } from "../support/paths";
import { asTaskDefinition, beyondShape, checkShape, ShapeIssue } from "../taskdef/shape";
import { checkTemplateTrust } from "./trust";

/** The template and where it came from: the app's file (build) or an image's label (deploy). */
export interface TemplateSource {
    template: RegisterTaskDefinitionCommandInput;
    where: string;
}

type ErrorClass = new (where: string, path: string, problem: string, fix: string) => UserError;

/** The issues as errors of one kind and place, a prefix (e.g. `ecs-deploy:overlay`) before each path. */
export function issueErrors(Kind: ErrorClass, where: string, issues: ShapeIssue[], prefix = ""): UserError[] {
    return issues.map(
        (i) => new Kind(where, prefix && i.path ? `${prefix}.${i.path}` : prefix || i.path, i.problem, i.fix),
    );
}

/** Throws every issue at once, one line each (see `together`). */
export function raise(Kind: ErrorClass, where: string, issues: ShapeIssue[], prefix = ""): void {
    if (issues.length > 0) throw together(issueErrors(Kind, where, issues, prefix));
}

function jsonPosition(text: string, message: string): string {
    const m = /position (\d+)/.exec(message);
    if (!m) return "";
    const before = text.slice(0, Number(m[1]));
    const line = before.split("\n").length;
    return ` at line ${line} column ${Number(m[1]) - before.lastIndexOf("\n")}`;
}

/**
 * What JSON.parse objected to, without the excerpt of the text it quotes: the file might be any file
 * (`templateFile: /etc/passwd`), and its content does not belong in a log.
 */
function jsonReason(message: string): string {
    const reason = message
        .split("\n")[0]
        .replace(/,? ?"(?:[^"\\]|\\.)*"(?:\.\.\.)? is not valid JSON/, "")
        .replace(/ (?:in JSON )?at position \d+.*$/, "")
        .replace(/^Unexpected token '(.)'$/, (_, ch: string) => `unexpected ${quote(ch)}`);
    return reason || "not JSON";
}

/**
 * Parses the app's template (from app/ecs-task-template.json or an image label),
 * checks its shape against the ECS model and its trust boundary.
 */
export function parseTemplate(text: string, where: string): RegisterTaskDefinitionCommandInput {
    let value: unknown;
    // Editors on Windows save UTF-8 with a byte-order mark; it is not JSON but says nothing.
    const json = text.startsWith("\ufeff") ? text.slice(1) : text;
    try {
        value = JSON.parse(json);
    } catch (e) {
        const message = (e as Error).message;
        throw new TemplateError(
            where,
            "",
            `is not valid JSON${jsonPosition(json, message)} (${jsonReason(message)})`,
            "fix the JSON syntax; `node -e 'JSON.parse(require(\"fs\").readFileSync(0))' < FILE` shows the same error",
        );
    }
    if (!isPlainObject(value)) {
        throw new TemplateError(
            where,
            "",
            `must be a JSON object (a partial RegisterTaskDefinition input), got ${Array.isArray(value) ? "a list" : typeof value}`,
            'wrap it as {"containerDefinitions": [...]}',
        );
    }
    const template = coerceTaskSize(value);
    const shapeIssues = checkShape(template, registerTaskDefinitionShape(), { required: false, allowNull: false });
    const later = [...checkTemplateTrust(template), ...layerIssues(value)];
    raise(TemplateError, where, [...shapeIssues, ...beyondShape(shapeIssues, later)]);
    return asTaskDefinition(template);
}

/** A stack's overlay: a partial RegisterTaskDefinition input whose nulls delete, so it stays plain data. */
export function parseOverlay(value: unknown, where: string, prefix: string): Record<string, unknown> {
    if (value === undefined || value === null) return {};
    if (!isPlainObject(value)) {
        throw new ConfigError(
            where,
            prefix,
            `must be an object (a partial RegisterTaskDefinition input), got ${Array.isArray(value) ? "a list" : typeof value}`,
            "write it as a YAML mapping, e.g. containerDefinitions: [{name: web, environment: [...]}]",
        );
    }
    const overlay = coerceTaskSize(value);
    const shapeIssues = checkShape(overlay, registerTaskDefinitionShape(), { required: false, allowNull: true });
    raise(ConfigError, where, [...shapeIssues, ...beyondShape(shapeIssues, layerIssues(value))], prefix);
    return overlay;
}
