package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.SampleAnswer;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.EvalRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A self-consistency case is the majority vote of its cell's samples (issue 9, section 3; decision 0022), and
 * {@code studio run} prints the scoreboard {@code studio eval} prints. The samples come from a chat-completions
 * server on 127.0.0.1 that answers each problem's n-th request from a script (the experiment runs one call at a time,
 * so the n-th request of a problem is its sample n), so every sample's answer is known.
 */
class SelfConsistencyVoteTest {

    /** Sample n of each problem answers SCRIPT[problem][n]: a number, "none" (no number to extract) or "error" (400). */
    private static final Map<String, List<String>> SCRIPT = Map.of(
            // 42 wins 3 of 5 (agreement 0.6); the first sample that agrees is #1.
            "alpha", List.of("41", "42", "42", "7", "42"),
            // 41 and 42 get two votes each, one sample fails: the tie goes to sample #0's answer, 41 (decision 0018).
            "beta", List.of("41", "42", "41", "42", "error"),
            // No sample gives an answer.
            "gamma", List.of("none", "error", "none", "none", "none"));
    private static final String[] TAKE = {"Take A.", "Take B.", "Take C.", "Take D.", "Take E."};

    @TempDir
    Path tmp;
    Path ws;
    HttpServer server;
    final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    @BeforeEach
    void serverAndWorkspace() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("Problem (\\w+)").matcher(request);
            String problem = m.find() ? m.group(1) : "?";
            int n = asked.computeIfAbsent(problem, k -> new AtomicInteger()).getAndIncrement() % 5;
            String script = SCRIPT.getOrDefault(problem, List.of("none", "none", "none", "none", "none")).get(n);
            int status = 200;
            String body;
            if (script.equals("error")) {
                status = 400;
                body = "{\"error\":{\"message\":\"bad request for sample\",\"type\":\"invalid_request_error\"}}";
            } else {
                String text = TAKE[n] + (script.equals("none") ? " I cannot tell." : " Answer: " + script);
                body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();

        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), """
                name: votes
                models:
                  - id: local
                    provider: openai-compatible
                    model: local-llm
                    baseUrl: http://127.0.0.1:%d/v1
                    pricing: { inputPerMillion: 1.0, outputPerMillion: 2.0 }
                """.formatted(server.getAddress().getPort()));
        Files.writeString(ws.resolve("prompts/solve.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                {{question}} Think, then end with "Answer: <number>".
                """);
        Files.writeString(ws.resolve("datasets/problems.jsonl"), """
                {"id": "p-alpha", "question": "Problem alpha", "expected": "42"}
                {"id": "p-beta", "question": "Problem beta", "expected": "42"}
                {"id": "p-gamma", "question": "Problem gamma", "expected": "42"}
                """);
        assertThat(studio("-w", ws.toString(), "save", "solve", "-m", "Solve").exitCode()).isZero();
        Files.writeString(ws.resolve("experiments/votes.yaml"), """
                prompts: [solve]
                models: [local]
                dataset: problems
                strategy: { type: self-consistency, votes: 5 }
                params: { temperature: 0.7 }
                concurrency: 1
                assertions:
                  - { type: answer-equals }
                  - { type: contains, value: "Take B.", weight: 0 }
                """);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void eachCellIsOneCaseWhoseAnswerIsTheVoteOfItsSamples() {
        CliRun run = studio("-w", ws.toString(), "run", "votes");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();

        try (Studio studio = Studio.open(ws)) {
            List<CallRecord> calls = StudioParts.calls(studio).inRunWithAnswers(1);
            assertThat(calls).hasSize(15);
            List<CaseResult> results = studio.evaluation().evaluateRun(1);
            assertThat(results).extracting(CaseResult::caseId).containsExactly("p-alpha", "p-beta", "p-gamma");
            assertThat(results).allSatisfy(r -> assertThat(r.sample()).isZero());

            // 3 of the 5 samples say 42: the vote is 42, agreement 3/5 = 0.6, and the case passes.
            CaseResult alpha = results.get(0);
            assertThat(alpha.agreement()).isEqualTo(0.6);
            assertThat(alpha.samples()).extracting(SampleAnswer::answer).containsExactly("41", "42", "42", "7", "42");
            assertThat(alpha.samples()).extracting(SampleAnswer::agreed).containsExactly(false, true, true, false, true);
            assertThat(alpha.pass()).isTrue();
            assertThat(alpha.assertions().get(0)).extracting(AssertionResult::pass).isEqualTo(true);
            // The case's output is the first agreeing sample's (#1, "Take B."), and the case is its call.
            List<CallRecord> alphaCalls = calls.stream().filter(c -> c.caseId().equals("p-alpha")).toList();
            assertThat(alpha.callId()).isEqualTo(alphaCalls.get(1).id());
            assertThat(alpha.assertions().get(1)).extracting(AssertionResult::pass).isEqualTo(true);
            assertThat(alpha.samples()).extracting(SampleAnswer::callId)
                    .containsExactlyElementsOf(alphaCalls.stream().map(CallRecord::id).toList());
            // Tokens and cost are the samples' sums; latency is the slowest sample's.
            assertThat(alpha.tokensIn()).isEqualTo(500);
            assertThat(alpha.tokensOut()).isEqualTo(50);
            assertThat(alpha.cost()).isEqualByComparingTo(alphaCalls.stream().map(CallRecord::cost)
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
            assertThat(alpha.latencyMs()).isEqualTo(alphaCalls.stream().mapToLong(CallRecord::latencyMs).max().orElseThrow());

            // A split vote: 41 and 42 two each, the failed sample does not vote; 41 (sample #0) wins the tie.
            CaseResult beta = results.get(1);
            assertThat(beta.agreement()).isEqualTo(0.5);
            assertThat(beta.samples()).extracting(SampleAnswer::answer).containsExactly("41", "42", "41", "42", null);
            assertThat(beta.samples().get(4).status()).isEqualTo("error");
            assertThat(beta.pass()).isFalse();
            assertThat(beta.assertions().get(0).reason()).contains("41");
            assertThat(beta.tokensIn()).as("the failed sample used no tokens").isEqualTo(400);

            // No sample answered: the case fails and says so.
            CaseResult gamma = results.get(2);
            assertThat(gamma.pass()).isFalse();
            assertThat(gamma.agreement()).isEqualTo(0.0);
            assertThat(gamma.assertions()).allSatisfy(a -> assertThat(a.reason()).isEqualTo(
                    "no answer to vote on: 5 sample(s): 4 gave no answer the strategy could extract, 1 ended error"));
        }

        // studio eval judges the run the same way: 3 cases from 15 calls, the split votes listed with their samples;
        // the mean agreement leaves out the case no sample answered: (0.6 + 0.5) / 2.
        CliRun eval = studio("-w", ws.toString(), "eval", "1");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("run 1: 3 case(s) judged (each the majority vote of its samples, 15 calls),"
                        + " 6 assertion results stored")
                .containsPattern("prompts/solve\\.prompt@\\w{7} +local +\\S+ +3 +33\\.3% ")
                .containsPattern("(?m)^ +agreement +55\\.0% ")
                .contains("Split votes (the answering samples did not all agree): 2")
                .contains("p-alpha · local: vote '42': 3 of 5 answering sample(s) agree (60.0%)")
                .contains("p-beta · local: vote '41': 2 of 4 answering sample(s) agree (50.0%)")
                .contains("No answer to vote on: 1 case(s), failed: no sample's answer could be extracted")
                .containsPattern("#1 '42' call \\d+ \\(agrees\\)")
                .containsPattern("#4 no answer \\(call ended error\\) call \\d+");
        try (Studio studio = Studio.open(ws)) {
            List<EvalRecord> stored = StudioParts.database(studio).evalResults().inRun(1);
            assertThat(stored).as("two assertions per case, kept against the case's call").hasSize(6);
        }

        // studio run printed the very same judgement and scoreboard, then the run's own facts.
        assertThat(run.out()).contains(eval.out());
        assertThat(run.out()).containsPattern("(?m)^prompts/solve\\.prompt@\\w{7} +local +15 +2 +0 +\\$0\\.0016$")
                .contains("Run 1 finished: 15 call(s) made, 2 failed.");
    }

    @Test
    void promptTestsReportOneTestcasePerCaseWithItsSamples() throws Exception {
        CliRun test = studio("-w", ws.toString(), "test", "votes", "--junit", "junit.xml", "--html", "report.html");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.out()).contains("FAILED: 3 case(s), 2 failed")
                .containsPattern("FAIL prompts/solve\\.prompt@\\w{7} p-beta · local: answer-equals: .*41")
                .contains("       vote '41': 2 of 4 answering sample(s) agree (50.0%)")
                .containsPattern("         #2 '41' call \\d+ \\(agrees\\)")
                .containsPattern("FAIL prompts/solve\\.prompt@\\w{7} p-gamma · local: answer-equals, contains: no answer to vote on")
                .contains("       vote: no answer to vote on (5 sample(s))")
                .containsPattern("         #0 no answer extracted call \\d+\n");

        Document doc = org.promptstudio.testsupport.JUnitXml.parseAndValidate(ws.resolve("junit.xml"));
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) names.add(((Element) cases.item(i)).getAttribute("name"));
        assertThat(names).containsExactly("p-alpha · local", "p-beta · local", "p-gamma · local");
        Element alpha = (Element) cases.item(0);
        // junit-10.xsd has no <properties> in a testcase: the figures are the second line of its system-out
        assertThat(alpha.getElementsByTagName("properties").getLength()).isZero();
        assertThat(alpha.getElementsByTagName("failure").getLength()).isZero();
        String out = alpha.getElementsByTagName("system-out").item(0).getTextContent();
        assertThat(out.lines().toList()).hasSize(7).first().isEqualTo("vote '42': 3 of 5 answering sample(s) agree (60.0%)");
        assertThat(out.lines().toList().get(1)).isEqualTo("agreement=0.600 votes=3 voters=5 samples=5");
        assertThat(out).containsPattern("#3 '7' call \\d+ \\(disagrees\\)");
        Element beta = (Element) cases.item(1);
        assertThat(beta.getElementsByTagName("failure").getLength()).isOne();
        assertThat(((Element) doc.getElementsByTagName("testsuites").item(0)).getAttribute("tests")).isEqualTo("3");

        String html = Files.readString(ws.resolve("report.html"));
        assertThat(html).contains("Self-consistency votes: 3 case(s)")
                .contains("vote &#39;41&#39;: 2 of 4 answering sample(s) agree (50.0%)")
                .containsPattern("<li class=\"fail\">#4 no answer \\(call ended error\\) call \\d+</li>")
                .containsPattern("<li class=\"pass\">#1 &#39;42&#39; call \\d+ \\(agrees\\)</li>");
    }

    @Test
    void theReasoningSamplesSelfConsistencyHasOneCasePerProblemPromptAndModel() throws Exception {
        // reasoning-lab's experiments/self-consistency.yaml: 26 dev problems x 2 prompts x 2 models x 5 votes.
        Path lab = tmp.resolve("lab");
        assertThat(studio("init", lab.toString(), "--from-sample", "reasoning-lab").exitCode()).isZero();
        CliRun run = studio("-w", lab.toString(), "run", "self-consistency");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("= 520 calls");
        CliRun eval = studio("-w", lab.toString(), "eval", "1");
        assertThat(eval.out()).contains("run 1: 104 case(s) judged (each the majority vote of its samples, 520 calls)");
        List<String> rows = eval.out().lines().filter(l -> l.startsWith("prompts/")).toList();
        assertThat(rows).hasSize(4).allSatisfy(l -> assertThat(l).matches("prompts/\\S+ +(echo|extractive) +dev +26 .*"));
        assertThat(eval.out()).containsPattern("(?m)^ +agreement +");
        // The scoreboard 'studio run' printed is the one 'studio eval' prints for the same run.
        assertThat(run.out()).contains(eval.out());

        studio("-w", lab.toString(), "test", "self-consistency", "--junit", "junit.xml");
        Document doc = org.promptstudio.testsupport.JUnitXml.parseAndValidate(lab.resolve("junit.xml"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(104);
        for (int i = 0; i < cases.getLength(); i++) {
            assertThat(((Element) cases.item(i)).getAttribute("name")).doesNotContain("#");
        }
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        for (int i = 0; i < suites.getLength(); i++) {
            assertThat(((Element) suites.item(i)).getAttribute("tests")).as("26 problems x 2 models").isEqualTo("52");
        }
    }
}
