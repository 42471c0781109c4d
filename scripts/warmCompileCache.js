// Run at install time (the prepare script, after the label bundle): one
// offline render of the staging stack through the same hooks Pulumi.yaml
// gives the language host, so V8's compile cache holds every module a
// preview or up loads. A fresh runner (Pulumi Deployments, PR previews) then
// starts the program without compiling @pulumi/aws and @pulumi/pulumi again.
// Best effort: a failure here never fails the install.
"use strict";
const path = require("node:path");
const os = require("node:os");
const fs = require("node:fs");

async function warm() {
    require("./compileCache.js");
    require("./transpile.js");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "warm-compile-cache-"));
    try {
        const { render } = require("../cli/render.ts");
        await render(["--stack", "staging", "--out", out]);
        // What the language host loads around the program (cmd/run/index.js would start a run).
        require("@pulumi/pulumi/cmd/run/tracing.js");
        require("@pulumi/pulumi/cmd/run/error.js");
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
    const mod = require("node:module");
    if (typeof mod.flushCompileCache === "function") mod.flushCompileCache();
}

warm().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`prepare: compile cache not warmed (${String(e && e.message).split("\n")[0]})\n`);
        process.exit(0);
    },
);
