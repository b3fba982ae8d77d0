package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label values as self-describing JSON, read back typed; schemas' versions and what they accept. */
class LabelValueTest {

    private static final LabelSchema RATING = new LabelSchema("helpfulness", LabelSchema.Type.RATING, "Helps?", 1, 5,
            Map.of(1, "Wrong", 5, "Resolves it"), null, true);
    private static final LabelSchema TOPIC = new LabelSchema("topic", LabelSchema.Type.CATEGORY, null, null, null, null,
            List.of("billing", "shipping"), false);

    @Test
    void everyTypeWritesItsJsonAndReadsItBack() {
        List<LabelValue> values = List.of(LabelValue.ofRating(4).withComment("good"), LabelValue.ofThumbs(false),
                LabelValue.ofCategory("billing"), LabelValue.ofCategories(List.of("setup", "billing")),
                LabelValue.ofCorrection("Line one\n\"quoted\" \u00e9 \uD83D\uDE00"),
                LabelValue.ofPreference("tie", "both fine"), LabelValue.ofRanking(List.of(12L, 9L, 15L)),
                LabelValue.ofComment("just a note"));
        assertThat(values).extracting(LabelValue::json).containsExactly(
                "{\"rating\":4,\"comment\":\"good\"}", "{\"thumbs\":\"down\"}", "{\"category\":\"billing\"}",
                "{\"categories\":[\"setup\",\"billing\"]}",
                "{\"correction\":\"Line one\\n\\\"quoted\\\" \u00e9 \uD83D\uDE00\"}",
                "{\"preference\":\"tie\",\"reason\":\"both fine\"}", "{\"ranking\":[12,9,15]}",
                "{\"comment\":\"just a note\"}");
        for (LabelValue v : values) assertThat(LabelValue.parse(v.json())).isEqualTo(v);
    }

    @Test
    void readingIsTypedAndForgivingOfKeysItDoesNotKnow() {
        LabelValue v = LabelValue.parse(" { \"rating\" : 3 , \"later\": {\"x\": [1, 2.5, true, null]}, \"comment\": \"\\u00e9\" } ");
        assertThat(v.rating()).isEqualTo(3);
        assertThat(v.comment()).isEqualTo("\u00e9");
        assertThat(v.nominal()).isEqualTo("3");
        assertThat(v.numeric()).isEqualTo(3.0);
        // the grid's ratings as stored before labels
        assertThat(LabelValue.parse("{\"rating\":\"up\",\"comment\":\"ok\"}")).isEqualTo(
                LabelValue.ofThumbs(true).withComment("ok"));
        assertThatThrownBy(() -> LabelValue.parse("{\"rating\": \"four\"}")).hasMessage("\"rating\" must be an integer");
        assertThatThrownBy(() -> LabelValue.parse("{\"rating\": 4")).hasMessage("not JSON at character 13: the JSON ends too early");
        assertThatThrownBy(() -> LabelValue.parse("[1]")).hasMessage("a label value must be a JSON object");
        assertThatThrownBy(() -> LabelValue.parse("{\"preference\": \"C\"}"))
                .hasMessage("a preference must be A, B or tie, not 'C'");
    }

    @Test
    void nominalAndNumericKeysForAgreement() {
        assertThat(LabelValue.ofCategories(List.of("setup", "billing")).nominal()).isEqualTo("billing;setup");
        assertThat(LabelValue.ofThumbs(true).numeric()).isEqualTo(1.0);
        assertThat(LabelValue.ofPreference("B", null).numeric()).isEqualTo(0.0);
        assertThat(LabelValue.ofPreference("tie", null).numeric()).isEqualTo(0.5);
        assertThat(LabelValue.ofCategory("billing").numeric()).isNull();
        assertThat(LabelValue.ofRating(4).agreesWith(LabelValue.ofRating(4).withComment("x"))).isTrue();
        assertThat(LabelValue.ofRating(4).agreesWith(LabelValue.ofRating(5))).isFalse();
    }

    @Test
    void typedTextIsReadByTheSchemasType() {
        assertThat(LabelValue.fromText(RATING, " 4 ")).isEqualTo(LabelValue.ofRating(4));
        assertThat(LabelValue.fromText(LabelSchema.THUMBS, "UP")).isEqualTo(LabelValue.ofThumbs(true));
        assertThat(LabelValue.fromText(LabelSchema.THUMBS, "0")).isEqualTo(LabelValue.ofThumbs(false));
        assertThat(LabelValue.fromText(TOPIC, "{\"category\":\"billing\",\"comment\":\"c\"}").comment()).isEqualTo("c");
        assertThatThrownBy(() -> LabelValue.fromText(RATING, "four"))
                .hasMessage("'four' is not a rating (an integer from 1 to 5)");
        assertThatThrownBy(() -> LabelValue.fromText(LabelSchema.THUMBS, "meh"))
                .hasMessage("'meh' is not thumbs (up or down)");
        LabelSchema prefer = new LabelSchema("prefer", LabelSchema.Type.PAIRWISE, null, null, null, null, null, false);
        assertThat(LabelValue.fromText(prefer, "a")).isEqualTo(LabelValue.ofPreference("A", null));
        assertThat(LabelValue.fromText(prefer, "t")).isEqualTo(LabelValue.ofPreference("tie", null));
        assertThat(LabelValue.fromText(prefer, "TIE")).isEqualTo(LabelValue.ofPreference("tie", null));
        assertThatThrownBy(() -> LabelValue.fromText(prefer, "c"))
                .hasMessage("'c' is not a preference (A, B or tie; a, b, t)");
    }

    @Test
    void aSchemaAcceptsOnlyItsOwnValues() {
        assertThat(RATING.problem(LabelValue.ofRating(5).withComment("x"), null)).isNull();
        assertThat(RATING.problem(LabelValue.ofRating(0), null)).isEqualTo("rating 0 is outside 1..5 of 'helpfulness'");
        assertThat(RATING.problem(LabelValue.ofThumbs(true), null))
                .isEqualTo("a rating label of 'helpfulness' needs a rating from 1 to 5");
        assertThat(TOPIC.problem(LabelValue.ofCategory("billing").withComment("x"), null))
                .isEqualTo("'topic' takes no comment (add 'comment: true' to it in studio.yaml)");
    }

    @Test
    void theVersionHashesWhatAValueDependsOnNotTheDescriptions() {
        LabelSchema reworded = new LabelSchema("helpfulness", LabelSchema.Type.RATING, "Other words", 1, 5,
                Map.of(3, "Partly"), null, false);
        LabelSchema wider = new LabelSchema("helpfulness", LabelSchema.Type.RATING, "Helps?", 1, 7, null, null, true);
        assertThat(RATING.version()).hasSize(12).matches("[0-9a-f]{12}").isEqualTo(reworded.version())
                .isNotEqualTo(wider.version());
        // SHA-256 of "type=thumbs\n", as migration V11 writes it for the grid's old thumbs
        assertThat(LabelSchema.THUMBS.version()).isEqualTo("3cab514d84e8");
        assertThat(TOPIC.version()).isNotEqualTo(new LabelSchema("topic", LabelSchema.Type.CATEGORY, null, null, null,
                null, List.of("billing", "shipping", "setup"), false).version());
    }
}
