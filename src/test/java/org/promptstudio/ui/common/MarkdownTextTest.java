package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.promptstudio.ui.common.MarkdownText.Run;
import org.promptstudio.ui.common.MarkdownText.Style;

/** An answer's markdown as styled runs (what the opened compare cell draws); syntax as in the CommonMark 0.30 spec. */
class MarkdownTextTest {

    private static String joined(List<Run> runs) {
        return String.join("", runs.stream().map(Run::text).toList());
    }

    @Test
    void emphasisStrongAndCodeKeepTheirLookAndLoseTheirMarks() {
        // CommonMark spec 6.2 (emphasis and strong emphasis), 6.1 (code spans)
        List<Run> runs = MarkdownText.runs("Take **two** tablets, *not* `three`.");

        assertThat(runs).containsExactly(new Run("Take ", Set.of(), null), new Run("two", Set.of(Style.BOLD), null),
                new Run(" tablets, ", Set.of(), null), new Run("not", Set.of(Style.ITALIC), null),
                new Run(" ", Set.of(), null), new Run("three", Set.of(Style.CODE), null), new Run(".", Set.of(), null));
    }

    @Test
    void headingsParagraphsAndListsAreBlocksWithMarkers() {
        // CommonMark spec 4.2 (ATX headings), 5.2 (list items), 5.3 (lists: an ordered list keeps its start number)
        List<Run> runs = MarkdownText.runs("# Delivery\n\nIt takes:\n\n- two days\n- three at most\n\n3. first\n4. second\n");

        assertThat(joined(runs)).isEqualTo("Delivery\n\nIt takes:\n\n\u2022 two days\n\u2022 three at most\n\n3. first\n4. second");
        assertThat(runs.get(0)).isEqualTo(new Run("Delivery", Set.of(Style.HEADING), null));
    }

    @Test
    void aLinkKeepsItsDestinationAndHtmlStaysText() {
        // CommonMark spec 6.3 (links), 6.6 (raw HTML is passed through: here shown as text, never run)
        List<Run> runs = MarkdownText.runs("See [the policy](https://example.com/p) <b>now</b>");

        assertThat(runs).contains(new Run("the policy", Set.of(Style.LINK), "https://example.com/p"));
        assertThat(joined(runs)).isEqualTo("See the policy <b>now</b>");
    }

    @Test
    void aFencedBlockIsCodeAndNothingIsEmptyForBlankText() {
        // CommonMark spec 4.5 (fenced code blocks)
        assertThat(MarkdownText.runs("```\nx = 1\n```\n")).containsExactly(new Run("x = 1", Set.of(Style.CODE_BLOCK), null));
        assertThat(MarkdownText.runs("  ")).isEmpty();
        assertThat(MarkdownText.runs(null)).isEmpty();
    }
}
