package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;

/** The grid's export files: CSV a spreadsheet reads as text only, an HTML page that runs and loads nothing. */
class GridExportTest {

    @TempDir
    Path dir;

    private static GridExport.Cell cell(String text) {
        return new GridExport.Cell("done", text, null, 12L, 3L, 4L, "0.5", "pass", "", "", "");
    }

    @Test
    void csvFieldsThatASpreadsheetWouldRunAsFormulasStartWithAQuote() {
        // The leading characters OWASP names ("CSV Injection", owasp.org/www-community/attacks/CSV_Injection):
        // = + - @ tab and carriage return; every such field gets a leading '.
        List<GridExport.Row> rows = List.of(
                new GridExport.Row("typed input 1", "=HYPERLINK(\"http://x\")", List.of(cell("+1+2"))),
                new GridExport.Row("typed input 2", "-3", List.of(cell("@SUM(A1)"))),
                new GridExport.Row("typed input 3", "\tq", List.of(cell("\rr"))),
                new GridExport.Row("typed input 4", "plain = text", List.of(cell("Q: fine"))));

        String csv = GridExport.csv(List.of(new GridExport.Column("working \u00b7 echo", true)), rows);

        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(1)).startsWith("\"1\",\"typed input 1\",\"'=HYPERLINK(\"\"http://x\"\")\",\"done\",\"'+1+2\",");
        assertThat(lines.get(2)).startsWith("\"2\",\"typed input 2\",\"'-3\",\"done\",\"'@SUM(A1)\",");
        assertThat(csv).contains("\"3\",\"typed input 3\",\"'\tq\",\"done\",\"'\rr\",");
        assertThat(csv).contains("\"4\",\"typed input 4\",\"plain = text\",\"done\",\"Q: fine\",\"12\",\"3\",\"4\",\"0.5\"");
    }

    @Test
    void theHtmlPageForbidsScriptsAndLoadsNothing() {
        String html = GridExport.html("Compare <x>", List.of(new GridExport.Column("a", false)),
                List.of(new GridExport.Row("s", "<img src=x onerror=alert(1)>", List.of(cell("<script>alert(1)</script>")))));

        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'\">");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<script", "<img");
        assertThat(html).as("a plain amount as the grid writes dollars (model.Usd)").contains(" \u00b7 $0.50");
    }

    @Test
    void aNameThatLeadsOutOfExportsIsRefused() throws Exception {
        Studio.init(dir, "Test");
        try (Studio studio = Studio.open(dir)) {
            GridExport export = studio.gridExport();
            for (String name : List.of("../studio.yaml", "../../elsewhere.csv", "/tmp/abs.csv", "sub/../../x.csv", "")) {
                assertThatThrownBy(() -> export.write(name, "x"))
                        .isInstanceOf(StudioException.class)
                        .hasMessageContaining("is not a file name inside this folder; nothing written")
                        .hasMessageStartingWith("exports: ");
            }
            String yaml = Files.readString(dir.resolve("studio.yaml"));
            assertThat(yaml).doesNotContain("x\n").isNotEqualTo("x");
            assertThat(export.write("compare-a-run-1.csv", "ok")).isEqualTo("exports/compare-a-run-1.csv");
            assertThat(dir.resolve("exports/compare-a-run-1.csv")).hasContent("ok");
        }
    }
}
