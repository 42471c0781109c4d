/** IAM documents as plain data, so the delivery roles are derived and tested without AWS. The types are the app's own. */
import type { IamDocument, IamStatement } from "../core/iam/roleDocuments";

export type { IamDocument, IamStatement };

export const iamDocument = (...statements: IamStatement[]): IamDocument => ({
    Version: "2012-10-17",
    Statement: statements,
});

/** Every action a document names, one per entry. */
export const actionsOf = (doc: IamDocument): string[] =>
    doc.Statement.flatMap((s) => ([] as string[]).concat(s.Action));

/** Every resource a document names, one per entry. */
export const resourcesOf = (doc: IamDocument): string[] =>
    doc.Statement.flatMap((s) => ([] as string[]).concat(s.Resource ?? []));
