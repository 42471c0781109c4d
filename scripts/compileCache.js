// Node 22+ keeps compiled code between runs of the commands and of the program
// (a few hundred ms to seconds of @pulumi/pulumi's and @pulumi/aws's start-up);
// a no-op on Node versions without it. `npm ci` fills it (scripts/warmCompileCache.js).
// ECS_DEPLOY_COMPILE_CACHE points it elsewhere (the preview benchmark does).
const mod = require("node:module");
const cacheDir =
    process.env.ECS_DEPLOY_COMPILE_CACHE ||
    require("node:path").join(__dirname, "..", "node_modules", ".cache", "node-compile");
if (typeof mod.enableCompileCache === "function") mod.enableCompileCache(cacheDir);
// scripts/transpile.js keeps its output beside V8's.
module.exports = { cacheDir };
