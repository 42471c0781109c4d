// Node 22+ keeps compiled code between runs of the commands (a few hundred ms of
// @pulumi/pulumi's start-up); a no-op on Node versions without it.
const mod = require("node:module");
if (typeof mod.enableCompileCache === "function") {
    mod.enableCompileCache(require("node:path").join(__dirname, "..", "node_modules", ".cache", "node-compile"));
}
