package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Feedback;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.ToolCallServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * {@code studio calls show} prints a tool exchange (each call with its arguments, each result, in order), and
 * {@code studio feedback} lists the ratings given on calls. The model is {@link ToolCallServer}'s scripted weather
 * model on 127.0.0.1; the Paris case's result {@code {"temp": 21}} comes from the dataset (decision 0085).
 */
class ToolCallsAndFeedbackCommandTest {

    @TempDir
    Path dir;

    ToolCallServer server;

    @BeforeEach
    void workspace() {
        server = ToolCallServer.start();
        Workspaces.init(dir, "tools", Workspaces.openAiModel("local", "local-llm", server.baseUrl().replaceFirst("/v1$", "")));
        Workspaces.weatherTool(dir);
        Workspaces.write(dir, "experiments/weather.yaml", "prompts: [ask]\nmodels: [local]\ndataset: cities\n");
        CliRun run = studio("-w", dir.toString(), "run", "weather");
        assertThat(run.err()).isEmpty();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long callOf(String caseId) throws Exception {
        JsonNode calls = new ObjectMapper().readTree(studio("-w", dir.toString(), "calls", "--run", "1", "--format",
                "json").out());
        for (JsonNode c : calls) {
            if (caseId.equals(c.path("caseId").asText())) return c.get("id").asLong();
        }
        throw new AssertionError("no call of case " + caseId + " in " + calls);
    }

    @Test
    void callsShowPrintsTheToolCallWithItsArgumentsThenTheResultThenTheAnswer() throws Exception {
        String out = studio("-w", dir.toString(), "calls", "show", String.valueOf(callOf("paris"))).out();

        int call = out.indexOf("tool call weather({\"city\":\"Paris\"}) · id call_Paris");
        int result = out.indexOf("tool result of weather · id call_Paris: {\n  \"temp\": 21\n}");
        int answer = out.indexOf("── output ──\nTool said: {\"temp\":21}");
        assertThat(call).as(out).isPositive();
        assertThat(result).as(out).isGreaterThan(call);
        assertThat(answer).as(out).isGreaterThan(result);
        assertThat(out).contains("── model ──\ntool call weather").contains("── tool ──\ntool result of weather");
    }

    @Test
    void callsShowPrintsTheToolCallAnAnswerStillWaitsOn() throws Exception {
        String out = studio("-w", dir.toString(), "calls", "show", String.valueOf(callOf("oslo"))).out();

        assertThat(out).contains("── model ──\ntool call weather({\"city\":\"Oslo\"}) · id call_Oslo\n")
                .doesNotContain("tool result");
    }

    @Test
    void compareNamesTheToolCallAnAnswerWaitsOnAndHowToGiveItsResult() {
        CliRun compared = studio("-w", dir.toString(), "compare", "ask", "--models", "local",
                "--input", "{\"city\": \"Oslo\"}");

        assertThat(compared.out()).as(compared.err())
                .contains("NOT AN ANSWER: no answer: it called a tool and got no result\n"
                        + "tool call weather({\"city\":\"Oslo\"}) · id call_Oslo\n"
                        + "to give a result, add it to --input: {\"tool_results\": {\"weather\": ...}}");
    }

    @Test
    void feedbackListsTheRatingsNewestFirstAndFiltersByRunAndPrompt() throws Exception {
        long paris = callOf("paris");
        long oslo = callOf("oslo");
        try (Studio studio = Studio.open(dir)) {
            studio.feedback().rate(paris, Feedback.Rating.UP, "right tool, right city");
            studio.feedback().rate(oslo, Feedback.Rating.DOWN, null);
        }

        CliRun run = studio("-w", dir.toString(), "feedback");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("CALL", "RUN", "PROMPT", "MODEL", "CASE", "BY", "RATING",
                "COMMENT");
        assertThat(lines.get(1)).contains(" " + oslo + " ", " ask ", "openai-compatible/local ", " oslo ", "down")
                .endsWith(" -");
        assertThat(lines.get(2)).contains(" " + paris + " ", " paris ", "up", "right tool, right city");
        assertThat(lines).hasSize(4);

        JsonNode json = new ObjectMapper().readTree(studio("-w", dir.toString(), "feedback", "--run", "1",
                "--prompt", "ask", "--format", "json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("call").asLong()).isEqualTo(paris);
        assertThat(json.get(1).get("rating").asText()).isEqualTo("up");
        assertThat(json.get(1).get("comment").asText()).isEqualTo("right tool, right city");
        assertThat(json.get(1).get("run").asLong()).isEqualTo(1);

        // a prompt with no ratings (a prompt that does not exist is an error: see unknownPromptIsNamed...)
        java.nio.file.Files.copy(dir.resolve("prompts/ask.prompt"), dir.resolve("prompts/other.prompt"));
        assertThat(studio("-w", dir.toString(), "feedback", "--run", "1", "--prompt", "other").out())
                .isEqualTo("No feedback matches." + System.lineSeparator());
        assertThat(studio("-w", dir.toString(), "feedback", "--prompt", "other").out()).isEqualTo("No feedback matches."
                + System.lineSeparator());
    }

    @Test
    void unknownPromptIsNamedWithTheKnownOnesNotTakenForOneWithoutCallsOrFeedback() throws Exception {
        // issue 12 trial: "studio feedback --prompt nosuch" printed "No feedback matches." and exited 0
        CliRun feedback = studio("-w", dir.toString(), "feedback", "--prompt", "nosuch");
        CliRun calls = studio("-w", dir.toString(), "calls", "--prompt", "prompts/nosuch.prompt");
        for (CliRun r : new CliRun[] {feedback, calls}) {
            assertThat(r.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("error: --prompt: no prompt 'nosuch' (prompts: ask)" + System.lineSeparator());
        }
        // a prompt deleted since its calls were recorded: its calls stay findable
        java.nio.file.Files.delete(dir.resolve("prompts/ask.prompt"));
        CliRun deleted = studio("-w", dir.toString(), "calls", "--prompt", "ask");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out().lines().filter(l -> l.contains(" ask@"))).hasSize(2);
    }

    @Test
    void noFeedbackYetSaysWhereToGiveIt() {
        assertThat(studio("-w", dir.toString(), "feedback").out())
                .isEqualTo("No feedback given yet (rate answers in the compare grid)." + System.lineSeparator());
    }

    @Test
    void aRunThatDoesNotExistIsNamedNotTakenForOneWithoutFeedback() {
        // as 'studio eval 99' and 'studio diff-runs' name a missing run (Scoreboards: "no run N (see 'studio runs')")
        CliRun run = studio("-w", dir.toString(), "feedback", "--run", "99");
        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: no run 99 (see 'studio runs')" + System.lineSeparator());
    }

    @Test
    void aLongCommentIsCutBetweenCharactersNeverInsideOne() throws Exception {
        // 56 letters then emoji (each two UTF-16 chars): cut at 57 code points, the 57th is the first emoji whole
        String comment = "a".repeat(56) + "\uD83D\uDE00".repeat(10);
        try (Studio studio = Studio.open(dir)) {
            studio.feedback().rate(callOf("paris"), Feedback.Rating.UP, comment);
        }
        String out = studio("-w", dir.toString(), "feedback").out();
        String shown = "a".repeat(56) + "\uD83D\uDE00" + "...";
        assertThat(out).contains(shown).doesNotContain("\uFFFD").doesNotContain("?...");
        assertThat(FeedbackCommand.cut(comment, 60)).isEqualTo(shown);
        assertThat(FeedbackCommand.cut("\uD83D\uDE00".repeat(60), 60)).isEqualTo("\uD83D\uDE00".repeat(60));
    }
}
