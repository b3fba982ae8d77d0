package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.eval.EvalBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code studio bench eval}: how fast assertions judge recorded answers, per family, without calling a model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Judge synthetic recorded calls with each assertion family (text, structure, lexical closeness,"
                + " extracted answer, operations, MiniLM similarity) and print the rate of each.")
final class BenchEvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--calls", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "10000",
            description = "Synthetic calls to judge (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--distinct", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "500",
            description = "Distinct answer texts among them; repeated texts reuse their embedding (default: ${DEFAULT-VALUE}).")
    int distinct;

    @Override
    public Integer call() {
        EvalBenchmark.Result r = org.promptstudio.app.Studio.benchmarkEval(calls, distinct);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "eval: %,d synthetic recorded calls, %,d distinct answers, no model calls%n",
                r.calls(), r.distinctAnswers());
        out.printf(Locale.ROOT, "  %-20s %10s %12s %14s %8s  %s%n", "family", "ms", "calls/s", "assertions/s",
                "passed", "types");
        for (EvalBenchmark.Family f : r.families()) {
            out.printf(Locale.ROOT, "  %-20s %,10d %,12.0f %,14.0f %,8d  %s%n", f.name(), f.millis(),
                    f.callsPerSecond(), f.assertionsPerSecond(), f.passed(), String.join(", ", f.types()));
        }
        out.flush();
        return 0;
    }
}
