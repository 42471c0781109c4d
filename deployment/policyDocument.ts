/** IAM policy documents as plain data, so the policies are derived and tested without AWS. */
export type Condition = Record<string, Record<string, string | string[]>>;

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Principal?: Record<string, string | string[]>;
    Condition?: Condition;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export const policy = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Every action a document names, one per entry. */
export const actionsOf = (doc: PolicyDocument): string[] => doc.Statement.flatMap((s) => ([] as string[]).concat(s.Action));

/** Every resource a document names, one per entry. */
export const resourcesOf = (doc: PolicyDocument): string[] => doc.Statement.flatMap((s) => ([] as string[]).concat(s.Resource ?? []));
