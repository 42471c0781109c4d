// mocha's spec output, closed by one plain summary line ("N passed, N failed") that CI systems read.
import Mocha from "mocha";

class SpecWithSummary extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats;
            if (!s) return;
            process.stdout.write(
                `${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}\n`,
            );
        });
    }
}

export = SpecWithSummary;
