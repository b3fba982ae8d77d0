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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.JUnitXml;
import org.promptstudio.testsupport.ReadOnlyFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 10, section 1: {@code studio test --junit --html} against a local server speaking OpenAI's chat-completions
 * wire format. One model answers with a lone UTF-16 surrogate (a model cut mid-emoji) and C0 control characters, the
 * other answers HTTP 400 (the call could not be made). The JUnit report must parse with a strict XML parser and
 * validate against the JUnit schema CI publishers check (junit-10.xsd; {@link JUnitXml}); the HTML report must be
 * written; the call that could not be made is an {@code <error>} with its reason, counted in {@code errors}; and a
 * report that cannot be written leaves the previous one byte for byte, with one line naming the file.
 */
class ReportsForAnyTextTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;
    HttpServer server;

    @BeforeEach
    void workspace() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] reply;
            int status;
            if (body.contains("\"model\":\"broken\"")) {
                status = 400;
                reply = "{\"error\":{\"message\":\"model 'broken' does not exist\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                // JSON escapes: a high surrogate with no low one after it, BEL, vertical tab, form feed, U+FFFE, and
                // one whole emoji (a valid pair, which must survive).
                String content = "Hello \\ud83d cut\\u0007\\u000b\\u000c\\ufffe <b>&amp;</b> \\ud83d\\ude00";
                reply = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"good\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: reports
                models:
                  - id: good
                    provider: openai-compatible
                    model: good
                    baseUrl: %s
                  - id: broken
                    provider: openai-compatible
                    model: broken
                    baseUrl: %s
                """.formatted(url, url));
        ws.save("greet", """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """, "Greet");
        // A case id from a dataset with characters XML forbids or must escape (BEL, <, &, a quote).
        ws.write("datasets/names.jsonl", "{\"id\": \"ann\\u0007<&\\\"x\", \"name\": \"Ann\", \"expected\": \"Zed\"}\n");
        ws.write("experiments/smoke.yaml", """
                prompts: [greet]
                models: [good, broken]
                dataset: names
                assertions:
                  - { type: contains, value: Zed }
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aLoneSurrogateAndControlCharactersGiveAValidJUnitFileAndAnHtmlPageAndACallThatFailedIsAnError()
            throws Exception {
        CliRun run = ws.run("test", "smoke", "--junit", "reports/junit.xml", "--html", "reports/report.html");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("cannot write");
        // the console says which: one case failed its check, one could not be made (with the reason)
        assertThat(run.out()).contains("FAILED: 2 case(s), 1 failed, 1 error(s) (the call could not be made)")
                .containsPattern("ERROR prompts/greet\\.prompt@\\w{7} .* · broken: the call could not be made: .*400.*"
                        + "model 'broken' does not exist")
                .containsPattern("FAIL prompts/greet\\.prompt@\\w{7} .* · good: contains: ");

        Document doc = JUnitXml.parseAndValidate(ws.dir().resolve("reports/junit.xml"));
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");

        NodeList errors = doc.getElementsByTagName("error");
        assertThat(errors.getLength()).isOne();
        Element error = (Element) errors.item(0);
        assertThat(((Element) error.getParentNode()).getAttribute("name")).endsWith("· broken");
        assertThat(error.getAttribute("type")).isEqualTo("CallError");
        assertThat(error.getAttribute("message")).contains("400").contains("model 'broken' does not exist");
        assertThat(error.getTextContent()).contains("not checked: contains");

        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isOne();
        Element failure = (Element) failures.item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("AssertionFailure");
        assertThat(failure.getAttribute("message")).startsWith("contains: ");
        // each forbidden character is replaced visibly (U+FFFD), the emoji pair and the markup text are kept
        assertThat(failure.getTextContent()).contains("answer: Hello \uFFFD cut\uFFFD\uFFFD\uFFFD\uFFFD <b>&amp;</b> \uD83D\uDE00");
        // the case id from the dataset: BEL replaced, the rest kept as text
        String name = ((Element) failure.getParentNode()).getAttribute("name");
        assertThat(name).startsWith("ann\uFFFD<&\"x · ");

        String html = Files.readString(ws.dir().resolve("reports/report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("Hello \uFFFD cut\uFFFD\uFFFD\uFFFD\uFFFD &lt;b&gt;&amp;amp;&lt;/b&gt; \uD83D\uDE00")
                .contains("ann\uFFFD&lt;&amp;&quot;x")
                .contains("1 error(s): the call could not be made")
                .contains("the call could not be made: ").contains("model &#39;broken&#39; does not exist");
        assertThat(html.chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')).isEmpty();
        // the bytes are UTF-8 without a lone surrogate (which UTF-8 cannot encode)
        byte[] bytes = Files.readAllBytes(ws.dir().resolve("reports/report.html"));
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()).isEqualTo(html);
    }

    @Test
    void studioRunSaysWhyACallCouldNotBeMadeNotOnlyThatItFailed() {
        // A new-user trial: 'studio run' printed only "contains 0.0%" and "1 failed" for a call that was never made.
        CliRun run = ws.run("run", "smoke");

        assertThat(run.out()).contains("Calls that could not be made: 1 case(s), failed")
                .containsPattern("  ERROR prompts/greet\\.prompt@\\w{7} .* · broken: .*400.*model 'broken' does not exist");
    }

    @Test
    void aReportThatCannotBeWrittenLeavesThePreviousOneAsItWasAndTheOtherIsStillWritten() throws Exception {
        CliRun first = ws.run("test", "smoke", "--junit", "ci/junit.xml", "--html", "pages/report.html");
        assertThat(first.exitCode()).isEqualTo(1);
        Path junit = ws.dir().resolve("ci/junit.xml");
        Path html = ws.dir().resolve("pages/report.html");
        byte[] before = Files.readAllBytes(junit);
        Files.writeString(html, "old page");

        CliRun second;
        try (ReadOnlyFolder ro = ReadOnlyFolder.make(junit.getParent())) {
            second = ws.run("test", "smoke", "--junit", "ci/junit.xml", "--html", "pages/report.html");
        }

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(Files.readAllBytes(junit)).as("the previous report, byte for byte").isEqualTo(before);
        assertThat(leftovers(junit.getParent())).as("no temporary file left").isEmpty();
        assertThat(Files.readString(html)).as("the HTML report is still written").contains("<h1>Prompt tests</h1>");
        List<String> errLines = second.err().lines().filter(l -> l.contains("cannot write")).toList();
        assertThat(errLines).containsExactly("error: cannot write the JUnit report " + junit
                + ": permission denied (the previous report is unchanged)");
        assertThat(second.err()).doesNotContainPattern("[A-Z]\\w+(Exception|Error)\\b").doesNotContain("java.");
        assertThat(second.out()).contains("HTML report: pages/report.html").doesNotContain("JUnit report:");
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(out::add);
        }
        return out;
    }
}
