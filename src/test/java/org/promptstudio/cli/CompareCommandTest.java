package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.testsupport.OpenAiChatServer;

/**
 * {@code studio compare} streams each answer into its own section as the model writes it, against OpenAI-compatible
 * servers on 127.0.0.1 that send chat-completion chunks (and, as several servers do, close after the finish_reason
 * and usage chunks without {@code data: [DONE]}).
 */
class CompareCommandTest {

    /** How long a server waits for the test before it gives up and breaks the stream (never reached when green). */
    private static final long PATIENCE_SECONDS = OpenAiChatServer.PATIENCE_SECONDS;

    @TempDir
    Path tmp;
    Path ws;
    OpenAiChatServer server;
    /** By the first part of the request's path ({@code /held}, {@code /quick}): how that model answers. */
    final Map<String, OpenAiChatServer.Answer> handlers = new LinkedHashMap<>();
    List<String> requests;

    @BeforeEach
    void workspace() throws IOException {
        // Each model streams chat-completion chunks and, as several servers do, closes after the usage chunk without
        // data: [DONE].
        server = OpenAiChatServer.start(reply -> handlers.get(reply.path().substring(0, reply.path().indexOf('/', 1)))
                .answer(reply));
        requests = server.requests();
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        String base = server.url();
        Files.writeString(ws.resolve("studio.yaml"), """
                name: compare
                models:
                  - id: held
                    provider: openai-compatible
                    model: held-llm
                    baseUrl: %1$s/held/v1
                  - id: quick
                    provider: openai-compatible
                    model: quick-llm
                    baseUrl: %1$s/quick/v1
                  - id: echo
                    provider: echo
                """.formatted(base));
        Files.writeString(ws.resolve("prompts/solve.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Output that notices text as it is written, before the command ends. */
    static final class WatchedOutput extends Writer {
        private final StringBuffer text = new StringBuffer();
        private final String awaited;
        private final CountDownLatch seen = new CountDownLatch(1);

        WatchedOutput(String awaited) {
            this.awaited = awaited;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            if (text.indexOf(awaited) >= 0) seen.countDown();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theFirstTokensArePrintedWhileTheModelIsStillWriting() throws Exception {
        WatchedOutput watched = new WatchedOutput("Hello");
        // Set by the server: the command's output showed "Hello" while the server still held back the rest.
        AtomicBoolean seenBeforeRest = new AtomicBoolean();
        handlers.put("/held", reply -> {
            reply.delta("Hello");
            // Hold the stream open until the test has seen the first delta on the command's output.
            if (!watched.seen.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) return; // ends without a finish_reason
            seenBeforeRest.set(true);
            reply.delta(" world");
            reply.end("stop", 12, 3);
        });
        StringWriter err = new StringWriter();
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread command = new Thread(() -> code.set(StudioCommand.run(new PrintWriter(watched, true),
                new PrintWriter(err, true), "-w", ws.toString(), "compare", "solve", "--models", "held",
                "--input", "{\"question\": \"Say hello\"}")));
        command.start();

        assertThat(watched.seen.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("first delta printed").isTrue();
        command.join();

        assertThat(seenBeforeRest).as("the first tokens were printed before the model sent the rest").isTrue();
        assertThat(err.toString()).isEmpty();
        assertThat(code.get()).isZero();
        String out = watched.text.toString();
        assertThat(out).containsPattern("(?m)^── held · \\w{7} ─+\nHello world\n12→3 tok · \\d+ ms · \\?\n");
        assertThat(requests).hasSize(1).allSatisfy(r -> assertThat(r).contains("\"stream\":true"));
        try (Studio studio = Studio.open(ws)) {
            CallRecord call = StudioParts.calls(studio).inRunWithAnswers(runId(out)).get(0);
            assertThat(call.texts().output()).isEqualTo("Hello world");
            assertThat(call.finishReason()).isEqualTo("stop");
            assertThat(call.tokensIn()).isEqualTo(12);
        }
    }

    @Test
    void sectionsFollowTheOrderTheModelsWereNamedNotTheOrderTheyFinished() throws Exception {
        for (List<String> order : List.of(List.of("held", "quick"), List.of("quick", "held"))) {
            handlers.clear();
            requests.clear();
            CountDownLatch quickDone = new CountDownLatch(1);
            handlers.put("/quick", reply -> {
                reply.delta("Four");
                reply.delta(", in short");
                reply.end("length", 7, 2);
                quickDone.countDown();
            });
            handlers.put("/held", reply -> {
                // Answers only after the quick model has sent its whole answer: quick finishes first.
                if (!quickDone.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) return;
                reply.delta("2 + 2 ");
                reply.delta("is 4.");
                reply.end("stop", 9, 5);
            });

            CliRun run = studio("-w", ws.toString(), "compare", "solve", "--models", String.join(",", order),
                    "--input", "{\"question\": \"What is 2 + 2?\"}");

            // A column cut off at the token limit is no full answer (decision 0041): exit 1, named on one line.
            assertThat(run.err()).startsWith("error: 1 of 2 column(s) did not answer: quick · ")
                    .endsWith(" (cut off at the token limit)\n").hasLineCount(1);
            assertThat(run.exitCode()).isEqualTo(1);
            Map<String, String> sections = sections(run.out());
            assertThat(sections.keySet()).as("sections in the order named").containsExactlyElementsOf(order);
            assertThat(sections.get("held")).isEqualTo("2 + 2 is 4.\n9→5 tok · %s ms · ?\n".formatted(
                    latency(run.out(), "held")));
            assertThat(sections.get("quick")).startsWith("Four, in short\n7→2 tok · ")
                    .endsWith(" ms · ? · NOT AN ANSWER: cut off at the token limit\n");
            try (Studio studio = Studio.open(ws)) {
                for (CallRecord call : StudioParts.calls(studio).inRunWithAnswers(runId(run.out()))) {
                    assertThat(sections.get(call.model())).as("printed text is the recorded answer")
                            .startsWith(call.texts().output() + "\n");
                }
            }
        }
    }

    @Test
    void builtInModelsStreamTooAndColumnsStillWaitForAll() {
        CliRun streamed = studio("-w", ws.toString(), "compare", "solve", "--models", "echo",
                "--input", "{\"question\": \"What is 2 + 2?\"}");
        CliRun columns = studio("-w", ws.toString(), "compare", "solve", "--models", "echo", "--columns",
                "--width", "80", "--input", "{\"question\": \"What is 2 + 2?\"}");

        assertThat(streamed.exitCode()).isZero();
        assertThat(sections(streamed.out()).get("echo")).startsWith("What is 2 + 2?\n");
        assertThat(columns.exitCode()).isZero();
        assertThat(columns.out().lines().findFirst().orElseThrow()).matches("echo · \\w{7}");
    }

    @Test
    void columnsWrapTheirFootersWithinTheirWidth() throws IOException {
        Files.writeString(ws.resolve("studio.yaml"), """
                name: compare
                models:
                  - id: echo
                    provider: echo
                  - id: echo-with-a-long-name
                    provider: echo
                """);
        CliRun columns = studio("-w", ws.toString(), "compare", "solve", "--models", "echo,echo-with-a-long-name",
                "--columns", "--width", "40", "--input", "{\"question\": \"What is 2 + 2?\"}");

        assertThat(columns.exitCode()).as(columns.err()).isZero();
        // (40 - 3) / 2 is below the least width of a column, 20: each column is 20 wide, the separator at 20
        List<String> rows = columns.out().lines().filter(l -> l.contains("│")).toList();
        assertThat(rows).isNotEmpty();
        assertThat(columns.out()).contains("tok");
        for (String row : rows) {
            assertThat(row.indexOf('│')).as("row '%s'", row).isEqualTo(21);
            assertThat(row.length()).as("row '%s'", row).isLessThanOrEqualTo(20 + 3 + 20);
        }
    }

    @Test
    void aStreamCutMidwayKeepsTheTextThatArrivedInTheRecordAndTheOutput() throws IOException {
        handlers.put("/held", reply -> {
            reply.delta("Hello there partial ");
            reply.raw("{\"id\":\"x\",\"choi");
        });

        CliRun streamed = studio("-w", ws.toString(), "compare", "solve", "--models", "held",
                "--input", "{\"question\": \"hi\"}");

        assertThat(streamed.exitCode()).isNotZero();
        assertThat(sections(streamed.out()).get("held"))
                .startsWith("Hello there partial \nERROR: held: malformed stream from ");
        long run = runId(streamed.out());
        long callId;
        try (Studio studio = Studio.open(ws)) {
            CallRecord call = StudioParts.calls(studio).inRunWithAnswers(run).get(0);
            assertThat(call.status()).isEqualTo(org.promptstudio.model.CallStatus.ERROR);
            assertThat(call.error()).startsWith("held: malformed stream from ");
            assertThat(call.texts().output()).isEqualTo("Hello there partial ");
            callId = call.id();
        }
        CliRun shown = studio("-w", ws.toString(), "calls", "show", String.valueOf(callId));
        assertThat(shown.out()).contains("Hello there partial").doesNotContain("(none)");
    }

    @Test
    void resumingAComparisonNamesWhatItIsNotAFileItHasNot() {
        CliRun compared = studio("-w", ws.toString(), "compare", "solve", "--models", "echo",
                "--input", "{\"question\": \"What is 2 + 2?\"}");
        assertThat(compared.out()).contains("Recorded as run 1");

        CliRun resumed = studio("-w", ws.toString(), "run", "--resume", "1");

        // issue 12 trial: "error: experiments/compare-answer.yaml: no such experiment"
        assertThat(resumed.exitCode()).isNotZero();
        assertThat(resumed.err().strip())
                .isEqualTo("error: run 1 is a comparison, not an experiment run; it cannot be resumed");
    }

    /** Each section's body by model id, in printed order; the line "Recorded as run" ends the last. */
    private static Map<String, String> sections(String out) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^── (\\S+) · \\w{7} ─+\n").matcher(out);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            spans.add(new int[] {m.start(), m.end()});
        }
        for (int i = 0; i < names.size(); i++) {
            int endAt = i + 1 < spans.size() ? spans.get(i + 1)[0] - 1 : out.indexOf("\nRecorded as run");
            sections.put(names.get(i), out.substring(spans.get(i)[1], endAt));
        }
        return sections;
    }

    private static String latency(String out, String model) {
        Matcher m = Pattern.compile("(?s)── " + model + " .*?tok · (\\d+) ms").matcher(out);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static long runId(String out) {
        Matcher m = Pattern.compile("Recorded as run (\\d+)").matcher(out);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
