package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.eval.Results.result;
import static org.promptstudio.eval.Results.unchecked;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.JUnitXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JUnit XML and HTML reports keep unchecked cases apart (decision 0020): JUnit's {@code <skipped>} element and
 * the suite's {@code skipped} attribute (the JUnit schema CI publishers check, junit-10.xsd), the HTML report's
 * own counts and table.
 */
class UncheckedReportsTest {

    @TempDir
    Path tmp;

    private static ReportSection section() {
        List<CaseResult> results = List.of(result(1, "a", "v1", "echo", true, 1, 10, "0"),
                result(2, "b", "v1", "echo", false, 0, 10, "0"), unchecked(3, "c", "v1", "echo"),
                unchecked(4, "d", "v1", "echo"));
        return new ReportSection("smoke", 7, Scoreboard.of(results), results, Map.of(3L, "Ticket: hello"));
    }

    @Test
    void anUncheckedCaseIsSkippedWithItsReasonInJUnitXml() throws Exception {
        Path file = tmp.resolve("report.xml");
        JUnitReport.write(List.of(section()), file);

        Document xml = JUnitXml.parseAndValidate(file);
        Element root = xml.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        // junit-10.xsd counts skipped cases per suite only: <testsuites> has no skipped attribute
        assertThat(root.hasAttribute("skipped")).isFalse();
        Element suite = (Element) root.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        NodeList skipped = xml.getElementsByTagName("skipped");
        assertThat(skipped.getLength()).isEqualTo(2);
        Element first = (Element) skipped.item(0);
        assertThat(((Element) first.getParentNode()).getAttribute("name")).isEqualTo("c · echo");
        assertThat(first.getAttribute("message")).isEqualTo("unchecked: " + CaseResult.NO_ASSERTION);
        assertThat(xml.getElementsByTagName("failure").getLength()).as("an unchecked case is no failure").isEqualTo(1);
    }

    @Test
    void theHtmlReportShowsUncheckedCasesApartAndThePassRateOfTheCheckedOnes() {
        String html = HtmlReport.render(List.of(section()), 0, Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(html).contains("4 case(s), <span class=\"fail\">1 failed</span>, <span class=\"unchecked\">2 unchecked")
                .contains("2 unchecked case(s): neither passed nor failed, not in the pass rate.")
                .contains("c · echo").contains("d · echo").contains("no assertion: declare one")
                .contains("<td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">2</td>"
                        + "<td class=\"num\">50.0% [")
                .doesNotContain("Every case passed.");
    }

    @Test
    void nothingCheckedIsNotAPassRateOfZeroOrOneHundred() {
        List<CaseResult> results = List.of(unchecked(3, "c", "v1", "echo"));
        ReportSection s = new ReportSection("smoke", 7, Scoreboard.of(results), results, Map.of());
        String html = HtmlReport.render(List.of(s), 0.9, Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(html).contains("n/a (none checked)").doesNotContain("100.0% [").doesNotContain("0.0% [")
                .doesNotContain("Every case passed.");
    }
}
