package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.JUnitXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Any text reaches the reports well-formed. The characters XML 1.0 allows are production [2] of XML 1.0 (Fifth
 * Edition), section 2.2: {@code #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]}; every other
 * one becomes U+FFFD. Calls that could not be made are JUnit errors, failed checks are failures (decision 0028).
 */
class ReportTextTest {

    @TempDir
    Path tmp;

    @Test
    void everyCharacterXmlForbidsIsReplacedVisiblyAndEveryOtherIsKept() {
        assertThat(ReportText.legal("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg");
        assertThat(ReportText.legal("tab\tlf\ncr\r")).isEqualTo("tab\tlf\ncr\r");
        assertThat(ReportText.legal("\uFFFE\uFFFF\uFFFD")).isEqualTo("\uFFFD\uFFFD\uFFFD");
        // a model cut mid-emoji: a high surrogate alone, at the end and in the middle; a low one alone
        assertThat(ReportText.legal("cut \uD83D")).isEqualTo("cut \uFFFD");
        assertThat(ReportText.legal("\uD83Dx\uDE00y")).isEqualTo("\uFFFDx\uFFFDy");
        assertThat(ReportText.legal("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
        // whole pairs (U+1F600, U+10FFFF), the top of the BMP below the surrogates, DEL and C1 controls are legal XML 1.0
        assertThat(ReportText.legal("\uD83D\uDE00 \uDBFF\uDFFF \uD7FF \u007F\u0085\u009F"))
                .isEqualTo("\uD83D\uDE00 \uDBFF\uDFFF \uD7FF \u007F\u0085\u009F");
        assertThat(ReportText.legal(null)).isEmpty();
        String plain = "nothing to replace";
        assertThat(ReportText.legal(plain)).isSameAs(plain);
    }

    @Test
    void everyTextOfTheJUnitReportIsLegalAndTheFileValidatesAgainstTheCiSchema() throws Exception {
        String bad = "x\uD83D\u0007\uFFFE<&\"'>]]>";
        CaseResult failed = new CaseResult(1, "case" + bad, "prompts/we\u0001ird" + bad + ".prompt", "abc1234", "m" + bad,
                0, false, 0, List.of(new AssertionResult("contains" + bad, false, 0, "reason" + bad)), 1200L, 1L, 1L,
                BigDecimal.ZERO, "test");
        ReportSection s = new ReportSection("exp" + bad, 3, Scoreboard.of(List.of(failed)), List.of(failed),
                Map.of(1L, "answer" + bad));
        Path file = tmp.resolve("junit.xml");
        JUnitReport.write(List.of(s), List.of(new ReportProblem("broken" + bad, "prompts/b.prompt:1:2: bad" + bad)), file);

        Document doc = JUnitXml.parseAndValidate(file);
        String legal = "x\uFFFD\uFFFD\uFFFD<&\"'>]]>";
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("contains" + legal + ": reason" + legal);
        assertThat(failure.getTextContent()).contains("answer: answer" + legal);
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("name")).isEqualTo("case" + legal + " · m" + legal);
        assertThat(testcase.getAttribute("classname")).isEqualTo("exp" + legal + ".we\uFFFDird" + legal);
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("prompts/b.prompt:1:2: bad" + legal);
        assertThat(doc.getDocumentElement().getAttribute("errors")).isEqualTo("1");

        String html = HtmlReport.render(List.of(s), List.of(), 0, Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(html).contains("answer" + "x\uFFFD\uFFFD\uFFFD&lt;&amp;&quot;&#39;&gt;]]&gt;")
                .doesNotContain("\u0007").doesNotContain("\uD83D<").doesNotContain("\uFFFE");
    }

    @Test
    void aCallThatCouldNotBeMadeIsAnErrorWithItsReasonAndAFailedCheckIsAFailure() throws Exception {
        // as the evaluator makes them: no assertion, so the one result says why the call gave no answer
        CaseResult notMade = new CaseResult(5, "ann", "prompts/a.prompt", "abc1234", "down", 0, false, 0,
                List.of(new AssertionResult(Evaluator.NO_ANSWER, false, 0, "no answer: the call ended error: connection refused")),
                null, null, null, null, "test", Verdict.FAIL).withCallError("connection refused: http://127.0.0.1:9/v1");
        CaseResult checked = new CaseResult(6, "bob", "prompts/a.prompt", "abc1234", "up", 0, false, 0,
                List.of(new AssertionResult("contains", false, 0, "expected 'Zed'")), 10L, 1L, 1L, BigDecimal.ZERO, "test");
        List<CaseResult> results = List.of(notMade, checked);
        ReportSection s = new ReportSection("smoke", 1, Scoreboard.of(results), results, Map.of(6L, "Hello Bob"));
        Path file = tmp.resolve("r.xml");
        JUnitReport.write(List.of(s), file);

        Document doc = JUnitXml.parseAndValidate(file);
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertThat(((Element) error.getParentNode()).getAttribute("name")).isEqualTo("ann · down");
        assertThat(error.getAttribute("type")).isEqualTo(JUnitReport.CALL_ERROR);
        assertThat(error.getAttribute("message")).isEqualTo("connection refused: http://127.0.0.1:9/v1");
        assertThat(error.getTextContent()).startsWith("the call could not be made: connection refused")
                .doesNotContain("not checked");
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("bob · up");
        assertThat(failure.getAttribute("type")).isEqualTo(JUnitReport.ASSERTION_FAILURE);
        assertThat(failure.getAttribute("message")).isEqualTo("contains: expected 'Zed'");
        assertThat(doc.getElementsByTagName("failure").getLength()).isOne();

        String html = HtmlReport.render(List.of(s), List.of(), 0, Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(html).contains("<span class=\"fail\">1 failed</span>, <span class=\"fail\">1 error(s): the call could not be made</span>")
                .contains("<strong>error</strong>: the call could not be made: connection refused: http://127.0.0.1:9/v1")
                .contains("contains: expected &#39;Zed&#39;");
        assertThat(Comparison.reasons(notMade)).isEqualTo("the call could not be made: connection refused: http://127.0.0.1:9/v1");
    }

    @Test
    void theHtmlReportIsWrittenWholeAndReplacesTheOldOne() throws Exception {
        Path file = tmp.resolve("out/report.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        HtmlReport.write(List.of(), List.of(), 0, "PASSED: 0 case(s)", file);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").contains("PASSED: 0 case(s)");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.html");
        }
    }
}
