/** The iam section: extra statements for the task role. */
import { checkTaskRoleStatements } from "../iam/taskRoleStatements";
import { ConfigError } from "../support/errors";
import { ConfigReader } from "./reader";
import { StackConfig } from "./types";

type Json = Record<string, unknown>;

export function parseIam(r: ConfigReader): StackConfig["iam"] {
    // The statement checks stop at their first problem; it joins the others found in the file.
    let statements: unknown = [];
    try {
        statements = checkTaskRoleStatements(r.any("taskRoleStatements"), "taskRoleStatements", (at, problem, fix) => {
            throw new ConfigError(r.where, r.at(at), problem, fix);
        });
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        r.problems.push(e);
    }
    r.done();
    return { taskRoleStatements: statements as Json[] };
}
