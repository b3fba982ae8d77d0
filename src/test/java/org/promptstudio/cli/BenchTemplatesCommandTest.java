package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and prints its figures; how fast is for the benchmark to say, not a test. */
class BenchTemplatesCommandTest {

    @Test
    void printsThroughputAndColdStartFigures() {
        CliRun run = studio("bench", "templates", "--seconds", "0.05", "--cold-starts", "1");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("parse: +[\\d,]+ parses/s")
                .containsPattern("parse \\+ render: +[\\d,]+ renders/s")
                .containsPattern("JVM start to rendered prompt: \\d+ ms median");
    }
}
