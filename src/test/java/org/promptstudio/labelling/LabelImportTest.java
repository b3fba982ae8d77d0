package org.promptstudio.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;

/** CSV labels: columns in any order, quoted cells over several lines, and the line of a bad row as the file has it. */
class LabelImportTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private static final Map<String, LabelSchema> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put("thumbs", LabelSchema.THUMBS);
        SCHEMAS.put("ideal", new LabelSchema("ideal", LabelSchema.Type.CORRECTION, null, null, null, null, null, false));
        SCHEMAS.put("order", new LabelSchema("order", LabelSchema.Type.RANKING, null, null, null, null, null, false));
    }

    @Test
    void aCellOverSeveralLinesKeepsTheLinesOfTheRowsAfterIt() {
        String csv = "\uFEFFschema,label,annotator,item\n"
                + "ideal,\"First line\nsecond line\",Ada,1\n"
                + "order,\"3,1,2\",Bob,1+2+3\n"
                + "thumbs,sideways,Ada,2\n";
        assertThatThrownBy(() -> LabelImport.read(csv, "x.csv", SCHEMAS, null, id -> id <= 3, T))
                .isInstanceOf(LabellingException.class).hasMessage("x.csv:5: 'sideways' is not thumbs (up or down)");
        List<LabelRecord> read = LabelImport.read(csv.replace("sideways", "down"), "x.csv", SCHEMAS, null,
                id -> id <= 3, T);
        assertThat(read).extracting(l -> l.value().nominal()).containsExactly("First line\nsecond line", "3,1,2",
                "down");
        assertThat(read.get(1).callId()).isEqualTo(1);
        assertThat(read.get(1).callIdB()).isNull();
    }

    @Test
    void aRankingMustNameTheCallsOfItsItemAndAPairNeedsTwo() {
        assertThatThrownBy(() -> LabelImport.read("item,annotator,label,schema\n1+2,Ada,\"2,5\",order\n", "y.csv",
                SCHEMAS, null, id -> true, T)).hasMessage("y.csv:2: the ranking must name each of calls [1, 2] once");
        assertThatThrownBy(() -> LabelImport.read("item,annotator,label,schema\n1+2,Ada,up,thumbs\n", "y.csv",
                SCHEMAS, null, id -> true, T))
                .hasMessage("y.csv:2: a thumbs label is about one call, not '1+2'");
        assertThatThrownBy(() -> LabelImport.read("item,annotator,label,schema\nabc,Ada,up,thumbs\n", "y.csv",
                SCHEMAS, null, id -> true, T))
                .hasMessage("y.csv:2: item 'abc' is not a call id (e.g. 12, or 12+15 for a pair)");
        assertThatThrownBy(() -> LabelImport.read("item,annotator,label,schema\n1,Ada,up,nosuch\n", "y.csv",
                SCHEMAS, null, id -> true, T))
                .hasMessage("y.csv:2: no label schema 'nosuch' (known: thumbs, ideal, order)");
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsRefusedAndNothingIsRead() {
        String csv = "item,annotator,label,schema\n1,Ada,up,thumbs\n2,Bob,3,1,2,order\n";
        assertThatThrownBy(() -> LabelImport.read(csv, "z.csv", SCHEMAS, null, id -> true, T))
                .isInstanceOf(LabellingException.class)
                .hasMessage("z.csv:3: has 6 fields, the header 4 (quote a value that holds a comma: \"3,1,2\")");
        assertThatThrownBy(() -> LabelImport.read("item,annotator,label\n1,Ada,up,\n", "z.csv", SCHEMAS, "thumbs",
                id -> true, T)).hasMessageStartingWith("z.csv:2: has 4 fields, the header 3");
    }

    @Test
    void crlfLineEndsBlankLinesAndQuotedCommasReadWithTheLinesAsTheFileHasThem() {
        String csv = "\uFEFFitem,annotator,label,schema\r\n\r\n1,Ada,up,thumbs\r\n,,,\r\n"
                + "1+2+3,\"Lovelace, Ada\",\"3,1,2\",order\r\n2,Bob,sideways,thumbs\r\n";
        assertThatThrownBy(() -> LabelImport.read(csv, "w.csv", SCHEMAS, null, id -> true, T))
                .hasMessage("w.csv:6: 'sideways' is not thumbs (up or down)");
        List<LabelRecord> read = LabelImport.read(csv.replace("sideways", "down"), "w.csv", SCHEMAS, null,
                id -> true, T);
        assertThat(read).extracting(LabelRecord::annotator).containsExactly("Ada", "Lovelace, Ada", "Bob");
        assertThat(read).extracting(l -> l.value().nominal()).containsExactly("up", "3,1,2", "down");
    }

    @Test
    void unreadableCsvSaysWhereInOneLineWithoutAClassName() {
        assertThat(LabelImport.unreadable("x.csv", 3, new IllegalStateException())).isEqualTo(
                "x.csv:3: not readable as CSV");
        assertThat(LabelImport.unreadable("x.csv", 3, new IllegalStateException("java.lang.Object"))).isEqualTo(
                "x.csv:3: not readable as CSV");
        String csv = "item,annotator,label\n1,Ada,up\n2,Bob,\"down\n";
        assertThatThrownBy(() -> LabelImport.read(csv, "x.csv", SCHEMAS, "thumbs", id -> true, T))
                .isInstanceOf(LabellingException.class)
                .hasMessageStartingWith("x.csv:3: not readable as CSV")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception")
                        .doesNotContain("com.fasterxml"));
    }
}
