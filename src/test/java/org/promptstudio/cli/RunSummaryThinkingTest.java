package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;

/** The run summary's calls table says how many of a model's output tokens were thinking, and only when some were. */
class RunSummaryThinkingTest {

    private static CallRecord call(String model, int out, Long thinking) {
        return CallRecord.builder().runId(1L).prompt("prompts/solve.prompt", "0123456789abcdef")
                .model("gemini", model).tokens(10, out).reasoningTokens(thinking).cost(new BigDecimal("0.00983"))
                .createdAt(Instant.parse("2026-11-29T10:00:00Z")).build();
    }

    @Test
    void thinkingTokensAreShownApartUnderTheirModelsRow() {
        StringWriter text = new StringWriter();
        RunCommand.printCalls(new PrintWriter(text, true), List.of(call("flash", 982, 980L), call("flash", 982, 980L),
                call("plain", 5, 0L), call("old", 7, null)));

        assertThat(text.toString()).contains("\n    1964 out (1960 thinking), thinking priced as output\n");
        assertThat(text.toString().lines().filter(l -> l.contains("thinking"))).hasSize(1);
    }
}
