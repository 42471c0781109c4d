// Test files run in parallel worker processes, one per core (at least two): most of the suite waits on whole-program runs.
const os = require("node:os");

module.exports = {
    require: ["tsx/cjs"],
    extension: ["ts"],
    spec: ["test/**/*.test.ts"],
    timeout: 60000,
    exit: true,
    parallel: true,
    jobs: Math.max(2, os.availableParallelism()),
    reporter: "./test/support/reporter.ts",
};
