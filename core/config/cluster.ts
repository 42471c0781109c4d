/** The cluster section: an existing ECS cluster, or settings for the one to create. */
import { ConfigReader } from "./reader";
import { StackConfig } from "./types";

export function parseCluster(r: ConfigReader): StackConfig["cluster"] {
    const out = {
        name: r.optionalStr("name", /^[A-Za-z0-9_-]{1,255}$/, "use an existing ECS cluster's name"),
        containerInsights: r.bool("containerInsights", true),
    };
    r.done();
    return out;
}
