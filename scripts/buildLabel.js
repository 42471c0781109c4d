#!/usr/bin/env node
// Builds bin/label's bundle: cli/label.ts and the registry reader in one
// CommonJS file, run directly by node (no npm, no tsx). The AWS SDK stays
// outside it, loaded from node_modules only when a ref is an ECR host.
// Run by `npm ci`/`npm install` (the prepare script) and by bin/label when
// the bundle is missing or older than a source it was built from.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "node_modules", ".cache", "ecs-deploy");
const BUNDLE = path.join(OUT_DIR, "label.js");
const INPUTS = path.join(OUT_DIR, "label.inputs.json");

function build() {
    let esbuild;
    try {
        esbuild = require("esbuild");
    } catch {
        throw new Error(
            "cannot build bin/label: esbuild is not installed. Fix: run npm ci (with dev dependencies) in " + ROOT,
        );
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const result = esbuild.buildSync({
        stdin: {
            contents: 'import { main } from "./cli/label"; void main();',
            resolveDir: ROOT,
            sourcefile: "bin-label-entry.ts",
            loader: "ts",
        },
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        external: ["@aws-sdk/*"],
        outfile: BUNDLE,
        metafile: true,
        logLevel: "error",
    });
    const inputs = Object.keys(result.metafile.inputs)
        .filter((f) => !f.startsWith("<stdin>") && !f.includes("bin-label-entry"))
        .map((f) => path.resolve(ROOT, f));
    fs.writeFileSync(INPUTS, JSON.stringify(inputs.concat([__filename])));
    return BUNDLE;
}

/** The bundle, rebuilt when missing or older than any file it was built from. */
function ensure() {
    let built;
    try {
        built = fs.statSync(BUNDLE).mtimeMs;
        const inputs = JSON.parse(fs.readFileSync(INPUTS, "utf8"));
        for (const f of inputs) if (fs.statSync(f, { throwIfNoEntry: false })?.mtimeMs > built) return build();
        return BUNDLE;
    } catch {
        return build();
    }
}

module.exports = { build, ensure, BUNDLE };

if (require.main === module) {
    try {
        build();
    } catch (e) {
        // An install without dev dependencies has no esbuild: bin/label says so when used.
        process.stderr.write(`prepare: ${e.message}\n`);
    }
}
