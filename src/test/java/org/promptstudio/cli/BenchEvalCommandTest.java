package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.promptstudio.eval.EvalBenchmark;
import picocli.CommandLine;

/** {@code studio bench eval}, run directly (the lead wires it under {@code studio bench}). */
class BenchEvalCommandTest {

    @Test
    void printsARatePerFamilyOverTheSyntheticCalls() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchEvalCommand());
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("--calls", "300", "--distinct", "20");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("eval: 300 synthetic recorded calls, 20 distinct answers")
                .contains("text").contains("structure").contains("lexical closeness").contains("extracted answer")
                .contains("operations").contains("similarity (MiniLM)");
    }

    @Test
    void everyFamilyJudgesEveryCallAndSomePassSomeFail() {
        EvalBenchmark.Result r = EvalBenchmark.run(200, 10, texts -> texts.stream().map(t -> new float[] {1, 0}).toList());
        assertThat(r.families()).hasSize(6).allSatisfy(f -> assertThat(f.calls()).isEqualTo(200));
        assertThat(r.families()).filteredOn(f -> f.name().equals("structure"))
                .singleElement().satisfies(f -> assertThat(f.passed()).isBetween(1, 199));
    }
}
