package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.vcs.DiffRow.Change;
import org.promptstudio.vcs.DiffRow.Span;

class TextDiffTest {

    @Test
    void equalTextsHaveAnEmptyUnifiedDiff() {
        assertThat(TextDiff.unified("a", "b", "x\ny\n", "x\ny\n", 3)).isEmpty();
    }

    @Test
    void unifiedDiffKeepsThreeLinesOfContextAndSplitsDistantChanges() {
        String old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String now = "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n";

        assertThat(TextDiff.unified("a/f", "b/f", old, now, 3)).isEqualTo("""
                --- a/f
                +++ b/f
                @@ -1,4 +1,4 @@
                -1
                +one
                 2
                 3
                 4
                @@ -9,4 +9,4 @@
                 9
                 10
                 11
                -12
                +twelve
                """);
    }

    @Test
    void aMissingFinalNewlineShowsAsGitShowsIt() {
        assertThat(TextDiff.unified("a/f", "b/f", "x\n", "x", 3)).isEqualTo("""
                --- a/f
                +++ b/f
                @@ -1,1 +1,1 @@
                -x
                +x
                \\ No newline at end of file
                """);
    }

    @Test
    void rowsPairChangedLinesWordByWordAndKeepAddedAndRemovedLinesApart() {
        List<DiffRow> rows = TextDiff.rows("Answer politely.\nBe brief.\nSign off.\n",
                "Answer very politely.\nBe brief.\nNew line.\n");

        assertThat(rows).extracting(DiffRow::change).containsExactly(Change.CHANGED, Change.SAME, Change.CHANGED);
        assertThat(rows.get(0).oldText()).containsExactly(new Span(false, "Answer politely."));
        assertThat(rows.get(0).newText()).containsExactly(new Span(false, "Answer "), new Span(true, "very "),
                new Span(false, "politely."));
        assertThat(rows.get(1).oldLine()).isEqualTo(2);
        assertThat(rows.get(1).newLine()).isEqualTo(2);
        assertThat(rows.get(2).oldText()).containsExactly(new Span(true, "Sign off"), new Span(false, "."));
    }

    @Test
    void addedAndRemovedLinesHaveANumberOnTheirSideOnly() {
        List<DiffRow> rows = TextDiff.rows("a\nb\n", "a\nx\ny\nb\n");

        assertThat(rows).extracting(DiffRow::change).containsExactly(Change.SAME, Change.ADDED, Change.ADDED, Change.SAME);
        assertThat(rows.get(1).oldLine()).isZero();
        assertThat(rows.get(1).newLine()).isEqualTo(2);
        assertThat(rows.get(3).oldLine()).isEqualTo(2);
        assertThat(rows.get(3).newLine()).isEqualTo(4);

        List<DiffRow> removed = TextDiff.rows("a\nb\n", "b\n");
        assertThat(removed).extracting(DiffRow::change).containsExactly(Change.REMOVED, Change.SAME);
        assertThat(removed.get(0).newText()).isEmpty();
    }

    @Test
    void wordsAndPunctuationMarksCarryTheSpacesAfterThem() {
        assertThat(TextDiff.tokens("  Hi, {{name}}  there")).containsExactly("  ", "Hi", ", ", "{", "{", "name", "}",
                "}  ", "there");
    }

    @Test
    void aTrailingFullStopIsTheOnlyDifferenceItMakes() {
        // Issue 12's finding: "answer." against "answer" marked the word too, because the space after a word is
        // part of its token ("answer " was not "answer"); now the spaces after a token do not make it differ.
        assertThat(TextDiff.words("The answer.", "The answer")).containsExactly(
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "The answer"),
                new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, "."));
        assertThat(TextDiff.words("See the answer. Then go", "See the answer Then go")).containsExactly(
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "See the answer "),
                new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, ". "),
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "Then go"));
    }

    @Test
    void aKeptWordIsDrawnAsTheNewTextHasIt() {
        // "answer" ends the old line, "answer " goes on in the new: the same word, drawn with the new text's space
        List<DiffRow.Piece> pieces = TextDiff.words("the answer", "the answer today");
        assertThat(pieces).containsExactly(new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "the answer "),
                new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "today"));
    }

    @Test
    void aChangedLineKeepsItsWordsInOrderForAnInlineView() {
        List<DiffRow> rows = TextDiff.rows("Answer politely, please.\n", "Answer very politely!\n");

        assertThat(rows.get(0).pieces()).containsExactly(new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "Answer "),
                new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "very "),
                new DiffRow.Piece(DiffRow.Piece.Kind.KEPT, "politely"),
                new DiffRow.Piece(DiffRow.Piece.Kind.REMOVED, ", please."),
                new DiffRow.Piece(DiffRow.Piece.Kind.ADDED, "!"));
        assertThat(TextDiff.wordDiff(rows)).isEqualTo("Answer {+very +}politely[-, please.-]{+!+}\n");
    }

    @Test
    void wordDiffMarksWholeAddedAndRemovedLines() {
        assertThat(TextDiff.wordDiff(TextDiff.rows("a\nb\n", "a\nc\nb\nd\n")))
                .isEqualTo("a\n{+c+}\nb\n{+d+}\n");
    }
}
