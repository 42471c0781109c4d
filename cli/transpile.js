// A require hook that transpiles the project's .ts files with esbuild (the
// transformer tsx itself uses) and nothing else: no type-checking (npm test
// runs tsc --noEmit), and no hook on node_modules' JavaScript. tsx's resolver
// and loader hooks see every file @pulumi/aws requires, which costs about two
// seconds of CPU per run here (bench/preview.ts); this costs ~40 ms.
// Pulumi.yaml loads it through the Node.js language host's `nodeargs`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { transformSync } = require("esbuild");

const ROOT = path.resolve(__dirname, "..");
const compilerOptions = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")).compilerOptions;
const tsconfigRaw = { compilerOptions: { target: compilerOptions.target, useDefineForClassFields: compilerOptions.useDefineForClassFields, esModuleInterop: compilerOptions.esModuleInterop } };

require.extensions[".ts"] = function compileTypeScript(module, filename) {
    const { code } = transformSync(fs.readFileSync(filename, "utf8"), { loader: "ts", format: "cjs", platform: "node", target: "node22", tsconfigRaw, sourcefile: filename, sourcemap: "inline" });
    module._compile(code, filename);
};
