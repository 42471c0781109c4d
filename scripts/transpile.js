// A require hook that transpiles the project's .ts files with esbuild (the
// transformer tsx itself uses) and nothing else: no type-checking (npm test
// runs tsc --noEmit), and no hook on node_modules' JavaScript. tsx's resolver
// and loader hooks see every file @pulumi/aws requires, which costs about two
// seconds of CPU per run here (bench/preview.ts); this costs ~40 ms.
// Pulumi.yaml loads it through the Node.js language host's `nodeargs`.
// Its output is kept by content hash in the compile cache's directory, which
// `npm ci` fills, so a fresh runner transpiles nothing it installed.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { cacheDir } = require("./compileCache.js");

const ROOT = path.resolve(__dirname, "..");
const compilerOptions = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")).compilerOptions;
const tsconfigRaw = {
    compilerOptions: {
        target: compilerOptions.target,
        useDefineForClassFields: compilerOptions.useDefineForClassFields,
        esModuleInterop: compilerOptions.esModuleInterop,
    },
};
const OUT = path.join(cacheDir, "transpiled");
// esbuild (and its service process) is loaded only on a miss.
const SALT = JSON.stringify({ esbuild: require("esbuild/package.json").version, tsconfigRaw });

function transpile(source, filename) {
    const key = crypto.createHash("sha256").update(SALT).update(filename).update(source).digest("hex");
    const cached = path.join(OUT, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not transpiled yet
    }
    const { code } = require("esbuild").transformSync(source, {
        loader: "ts",
        format: "cjs",
        platform: "node",
        target: "node22",
        tsconfigRaw,
        sourcefile: filename,
        sourcemap: "inline",
    });
    try {
        fs.mkdirSync(OUT, { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}`, code);
        fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
        // a read-only cache only costs the next run a transpile
    }
    return code;
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
