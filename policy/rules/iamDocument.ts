import { isPlainObject, jsonValue, list } from "./values";

/** Reading IAM policy documents as AWS does: single values or lists, case-insensitive names. */
export type Statement = Record<string, unknown>;

export function statements(document: unknown): Statement[] {
    const doc = jsonValue(document);
    if (!isPlainObject(doc)) return [];
    return (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter(isPlainObject);
}

export const strings = (v: unknown): string[] =>
    typeof v === "string" ? [v] : list(v).filter((s): s is string => typeof s === "string");

export const isAllow = (s: Statement): boolean => s.Effect === "Allow";

/** An IAM wildcard pattern (`*`, `?`) as a case-insensitive regular expression. */
export function glob(pattern: string): RegExp {
    const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${body}$`, "i");
}

/** Statement label for messages: its Sid, else its position. */
export const statementName = (s: Statement, i: number): string =>
    typeof s.Sid === "string" && s.Sid ? `statement "${s.Sid}"` : `Statement[${i}]`;
