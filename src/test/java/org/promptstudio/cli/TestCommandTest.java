package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code studio test} and {@code studio diff-runs} on a real workspace: echo answers for pass/fail, a local server
 * speaking Ollama's wire format as the "real" model whose answers are recorded and replayed offline.
 */
class TestCommandTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;
    HttpServer server;
    final AtomicInteger serverCalls = new AtomicInteger();

    @BeforeEach
    void workspace() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/chat", exchange -> {
            serverCalls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String name = body.replaceAll("(?s).*Say hello to (\\w+).*", "$1");
            byte[] reply = ("{\"model\":\"fake\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello " + name
                    + "\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":2}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: tests
                models:
                  - id: echo
                    provider: echo
                  - id: local
                    provider: ollama
                    model: fake
                    baseUrl: %s
                    params: { temperature: 0 }
                  - id: local-replay
                    provider: replay
                    model: local
                """.formatted(url));
        ws.save("greet", """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}} <politely>.
                """, "Greet");
        ws.write("datasets/names.jsonl", """
                {"id": "ann", "name": "Ann", "expected": "Ann", "split": "test"}
                {"id": "bob", "name": "Bob", "expected": "Zed", "split": "test"}
                {"id": "cy", "name": "Cy", "expected": "Cy", "split": "test"}
                """);
        ws.write("experiments/smoke.yaml", """
                prompts: [greet]
                models: [echo]
                dataset: names
                strategy: { type: zero-shot, answerPattern: "to (\\\\w+)" }
                """);
        ws.write("experiments/hello.yaml", """
                prompts: [greet]
                models: [local]
                dataset: names
                strategy: { type: zero-shot, answerPattern: "Hello (\\\\w+)" }
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFailingCaseFailsTheTestsAndIsInTheJUnitAndHtmlReports() throws Exception {
        CliRun run = ws.run("test", "smoke", "--junit", "target/prompt-tests.xml", "--html", "target/prompt-tests.html");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("prompts/greet.prompt@\\w{7} +echo +test +3 +66.7% \\[")
                .contains("FAIL prompts/greet.prompt@").contains("bob · echo: answer-equals: answer 'Bob', expected 'Zed'")
                .contains("FAILED: 3 case(s), 1 failed, pass rate 66.7%");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ws.dir().resolve("target/prompt-tests.xml").toFile());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("3");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(1);
        Element suite = (Element) suites.item(0);
        assertThat(suite.getAttribute("name")).matches("smoke / prompts/greet.prompt@\\w{7}");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element bob = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals("bob · echo")) bob = c;
        }
        assertThat(bob).as("a testcase per case x model").isNotNull().isSameAs(cases.item(1)); // in the dataset's order
        assertThat(bob.getAttribute("name")).isEqualTo("bob · echo");
        assertThat(bob.getAttribute("classname")).isEqualTo("smoke.greet");
        assertThat(bob.getAttribute("time")).matches("\\d+\\.\\d{3}");
        NodeList failures = xml.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        Element failure = (Element) failures.item(0);
        assertThat(failure.getParentNode()).isSameAs(bob);
        assertThat(failure.getAttribute("message")).isEqualTo("answer-equals: answer 'Bob', expected 'Zed'");
        assertThat(failure.getTextContent()).contains("answer: ").contains("Say hello to Bob <politely>.");

        String html = ws.read("target/prompt-tests.html");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<script")
                .doesNotContain("<link").doesNotContain("src=")
                .contains("Say hello to Bob &lt;politely&gt;.").doesNotContain("<politely>")
                .contains("answer &#39;Bob&#39;, expected &#39;Zed&#39;").contains("bob · echo")
                .doesNotContain("ann · echo<br>");
    }

    @Test
    void theReportsOfTwoRunsOnTheSameAnswersAreTheSameAndInDatasetOrder() {
        // 24 cases x 2 models x 2 samples on four runner threads: the calls finish in a different order each run.
        StringBuilder rows = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 24; i >= 1; i--) {
            String id = "c" + i;
            ids.add(id);
            rows.append("{\"id\": \"").append(id).append("\", \"name\": \"N").append(i).append("\", \"expected\": \"")
                    .append(i % 5 == 0 ? "Zed" : "N" + i).append("\"}\n");
        }
        ws.write("datasets/many.jsonl", rows.toString());
        ws.write("studio.yaml", ws.read("studio.yaml") + """
                  - id: echo-too
                    provider: echo
                """);
        ws.write("experiments/many.yaml", """
                prompts: [greet]
                models: [echo-too, echo]
                dataset: many
                samples: 2
                concurrency: 4
                strategy: { type: zero-shot, answerPattern: "to (\\\\w+)" }
                """);
        CliRun first = ws.run("test", "many", "--junit", "one.xml", "--html", "one.html");
        CliRun second = ws.run("test", "many", "--junit", "two.xml", "--html", "two.html");

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(mask(second.out())).isEqualTo(mask(first.out()));
        assertThat(mask(ws.read("two.xml"))).isEqualTo(mask(ws.read("one.xml")));
        assertThat(mask(ws.read("two.html"))).isEqualTo(mask(ws.read("one.html")));
        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            for (String m : List.of("echo-too", "echo")) {
                expected.add(id + " · " + m);
                expected.add(id + " · " + m + " #1");
            }
        }
        List<String> names = java.util.regex.Pattern.compile("<testcase [^>]*name=\"([^\"]+)\"").matcher(ws.read("two.xml"))
                .results().map(r -> r.group(1)).toList();
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(second.out().lines().filter(l -> l.startsWith("  FAIL")).map(l -> l.replaceAll(".*@\\w+ (\\S+ · \\S+( #1)?):.*", "$1")))
                .containsExactly("c20 · echo-too", "c20 · echo-too #1", "c20 · echo", "c20 · echo #1",
                        "c15 · echo-too", "c15 · echo-too #1", "c15 · echo", "c15 · echo #1",
                        "c10 · echo-too", "c10 · echo-too #1", "c10 · echo", "c10 · echo #1",
                        "c5 · echo-too", "c5 · echo-too #1", "c5 · echo", "c5 · echo #1");
    }

    /**
     * Call ids number the calls as they were recorded, run ids the runs; the HTML report has its time; measured
     * latencies vary (with the width of their padded column).
     */
    private static String mask(String report) {
        return report.replaceAll("(calls show |call |run )\\d+", "$1#").replaceAll("\\(run \\d+\\)", "(run #)")
                .replaceAll(" · \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z</p>", " · TIME</p>")
                .replaceAll("time=\"[0-9.]+\"", "time=\"T\"").replaceAll(" *\\d+ ?ms", " T ms")
                .replaceAll("(one|two)\\.(xml|html)", "REPORT.$2");
    }

    @Test
    void aBarLetsSomeFailuresPassAndFailsUnderIt() {
        assertThat(ws.run("test", "smoke", "--fail-under", "0.6").exitCode()).isZero();
        CliRun under = ws.run("test", "smoke", "--fail-under", "0.9");
        assertThat(under.exitCode()).isEqualTo(1);
        assertThat(under.out()).contains("FAILED: 3 case(s), 1 failed, pass rate 66.7% (bar 90.0%, under it)");
        assertThat(ws.run("test", "smoke", "--fail-under", "2").exitCode()).isEqualTo(2);
    }

    @Test
    void answersRecordedOnceReplayOfflineAndAChangedPromptIsAMissingRecordingNotAPass() {
        // bob expects Zed: one failure in three, under a bar of 0.6
        CliRun record = ws.run("test", "hello", "--record", "--recordings", "recordings", "--fail-under", "0.6");
        assertThat(record.err()).isEmpty();
        assertThat(record.out()).contains("PASSED: 3 case(s), 1 failed");
        assertThat(serverCalls.get()).isEqualTo(3);
        assertThat(ws.dir().resolve("recordings")).isDirectory();

        server.stop(0); // CI: nothing to call
        CliRun replay = ws.run("test", "hello", "--models", "local-replay", "--recordings", "recordings",
                "--fail-under", "0.6");
        assertThat(replay.err()).isEmpty();
        assertThat(replay.out()).contains("local-replay").contains("PASSED: 3 case(s), 1 failed")
                .contains("bob · local-replay: answer-equals: answer 'Bob', expected 'Zed'");
        assertThat(replay.exitCode()).isZero();
        assertThat(serverCalls.get()).isEqualTo(3);

        ws.write("prompts/greet.prompt", ws.read("prompts/greet.prompt").replace("<politely>", "warmly"));
        CliRun changed = ws.run("test", "hello", "--models", "local-replay", "--recordings", "recordings",
                "--fail-under", "0.6", "--junit", "report.xml");
        assertThat(changed.exitCode()).isEqualTo(1);
        // no recording: the call could not be made, so each case is an error with that reason (decision 0028)
        assertThat(changed.out()).contains("FAILED: 3 case(s), 0 failed, 3 error(s) (the call could not be made)")
                .contains("local-replay: the call could not be made: model 'local-replay': replay: no recording for this "
                        + "request (prompt changed?");
        assertThat(ws.read("report.xml")).contains("errors=\"3\"").contains("<error message=\"model 'local-replay': replay: "
                + "no recording for this request (prompt changed?").doesNotContain("<failure");
    }

    @Test
    void diffRunsAgainstTheProductionVersionShowsFlippedCases() {
        ws.ok("label", "greet", "production", "--version", "1");
        ws.run("test", "smoke"); // run 1: ann, cy pass; bob fails
        ws.write("datasets/names.jsonl", ws.read("datasets/names.jsonl").replace("\"Zed\"", "\"Bob\""));
        ws.save("greet", ws.read("prompts/greet.prompt").replace("Say hello to {{name}}", "Say hello to Ann"), "Everyone is Ann");
        ws.run("test", "smoke"); // run 2: ann passes, bob (expects Bob now) and cy fail

        CliRun diff = ws.run("diff-runs", "greet@production", "2");
        assertThat(diff.err()).isEmpty();
        assertThat(diff.exitCode()).isZero();
        assertThat(diff.out()).contains("Baseline: run 1 (greet@production)").contains("Candidate: run 2")
                .contains("Paired case(s): 3\n")
                .contains("Pass rate change: -66.7% [-100.0, +0.0]; McNemar p = 0.5000 (exact, 2 broke, 0 fixed): not significant")
                .containsPattern("bob · echo  calls \\d+ -> \\d+: answer-equals: answer 'Ann', expected 'Bob'")
                .contains("Broke (pass -> fail): 2").contains("Fixed (fail -> pass): 0")
                .containsPattern("  answer-equals +-66\\.7% \\[-100\\.0, \\+0\\.0]");

        CliRun unknown = ws.run("diff-runs", "greet@staging", "2");
        assertThat(unknown.exitCode()).isEqualTo(1);
        CliRun noRun = ws.run("diff-runs", "9", "2");
        assertThat(noRun.err()).isEqualTo("error: no run 9 (see 'studio runs')\n");
    }

    @Test
    void scoringTheTestSplitOfAPromptTooOftenWarns() {
        for (int i = 1; i <= 5; i++) assertThat(ws.run("test", "smoke").out()).doesNotContain("warning:");
        assertThat(ws.run("test", "smoke").out()).contains("warning: prompts/greet.prompt: the test split has been "
                + "scored in 6 runs (more than 5); its figures are no longer held out, tune on dev");
    }

    // Both samples' prompt tests replay committed answers and check every case (SampleCiCommandTest has the details).
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"support-assistant", "reasoning-lab"})
    void theSampleCiSmokeTestPassesOffline(String sample) {
        Path dir = tmp.resolve(sample);
        assertThat(CliRun.studio("init", dir.toString(), "--from-sample", sample).exitCode()).isZero();
        CliRun run = CliRun.studio("-w", dir.toString(), "test", "ci-smoke", "--junit", "target/prompt-tests.xml",
                "--fail-under", "0.9", "--recordings", "recordings"); // the samples' answers are replayed (SampleCiCommandTest)
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("PASSED: ");
        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("target/prompt-tests.xml")).isRegularFile();
    }
}
