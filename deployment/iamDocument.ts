/** IAM policy documents as plain data, so the policies are derived and tested without AWS. The types are the app's own. */
import type { PolicyDocument, Statement } from "../core/iam/roleDocuments";

export type { PolicyDocument, Statement };
export type Condition = NonNullable<Statement["Condition"]>;

export const policy = (...statements: Statement[]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: statements,
});

/** Every action a document names, one per entry. */
export const actionsOf = (doc: PolicyDocument): string[] =>
    doc.Statement.flatMap((s) => ([] as string[]).concat(s.Action));

/** Every resource a document names, one per entry. */
export const resourcesOf = (doc: PolicyDocument): string[] =>
    doc.Statement.flatMap((s) => ([] as string[]).concat(s.Resource ?? []));
