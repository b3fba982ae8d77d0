package org.promptstudio.labelling.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;

class ExportRuleTest {

    private static final Map<String, String> SCHEMAS = Map.of("helpfulness", "rating", "thumbs", "thumbs",
            "topic", "category", "tags", "categories", "ideal", "correction");

    private static LabelledCall call(ConsensusLabel... labels) {
        Map<String, ConsensusLabel> m = new java.util.HashMap<>();
        for (ConsensusLabel l : labels) m.put(l.schema(), l);
        return new LabelledCall(1, null, null, "echo/a", List.of(Message.text("user", "q")), "a", m);
    }

    private static ExportRule.Outcome test(String rule, ConsensusLabel... labels) {
        ExportRule r = ExportRule.parse(rule);
        r.check(SCHEMAS);
        return r.test(call(labels));
    }

    @Test
    void comparesRatingsByNumber() {
        ConsensusLabel four = ConsensusLabel.agreed("helpfulness", "rating", "{\"rating\":4,\"comment\":\"ok\"}");
        assertThat(test("helpfulness>=4", four)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness>4", four)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("helpfulness<=4", four)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness<4", four)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("helpfulness=4", four)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness!=4", four)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("helpfulness >= 3.5", four)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness>=4")).as("no label").isEqualTo(ExportRule.Outcome.LEFT_OUT);
    }

    @Test
    void matchesThumbsCategoriesAndCorrections() {
        ConsensusLabel up = ConsensusLabel.agreed("thumbs", "thumbs", "{\"thumbs\":\"up\"}");
        ConsensusLabel billing = ConsensusLabel.agreed("topic", "category", "{\"category\":\"billing\"}");
        ConsensusLabel tags = ConsensusLabel.agreed("tags", "categories", "{\"categories\":[\"setup\",\"billing\"]}");
        ConsensusLabel ideal = ConsensusLabel.agreed("ideal", "correction", "{\"correction\":\"Better.\"}");
        assertThat(test("thumbs=up", up)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("thumbs=down", up)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("thumbs!=down", up)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("topic=billing", billing)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("topic=\"setup\"", billing)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("tags=billing", tags)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("tags=other", tags)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("corrections", ideal)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("corrections", up)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("topic", billing)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("corrections", ConsensusLabel.agreed("ideal", "correction", "{\"correction\":\"  \"}")))
                .as("a blank correction is none").isEqualTo(ExportRule.Outcome.LEFT_OUT);
    }

    @Test
    void andBindsBeforeOr() {
        ConsensusLabel up = ConsensusLabel.agreed("thumbs", "thumbs", "{\"thumbs\":\"up\"}");
        ConsensusLabel two = ConsensusLabel.agreed("helpfulness", "rating", "{\"rating\":2}");
        ConsensusLabel billing = ConsensusLabel.agreed("topic", "category", "{\"category\":\"billing\"}");
        assertThat(test("helpfulness>=4 and topic=billing or thumbs=up", two, billing, up)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness>=4 and topic=billing or thumbs=down", two, billing, up))
                .isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("thumbs=up and topic=billing", up, billing)).isEqualTo(ExportRule.Outcome.TAKEN);
    }

    @Test
    void aLabelInDisagreementLeavesTheCallUndecidedUnlessAnotherAlternativeTakesIt() {
        ConsensusLabel split = ConsensusLabel.disagreed("helpfulness", "rating");
        ConsensusLabel up = ConsensusLabel.agreed("thumbs", "thumbs", "{\"thumbs\":\"up\"}");
        ConsensusLabel adjudicated = new ConsensusLabel("helpfulness", "rating", ConsensusLabel.Status.ADJUDICATED,
                "{\"rating\":5}");
        assertThat(test("helpfulness>=4", split)).isEqualTo(ExportRule.Outcome.IN_DISAGREEMENT);
        assertThat(test("helpfulness>=4 and thumbs=down", split, up)).isEqualTo(ExportRule.Outcome.LEFT_OUT);
        assertThat(test("helpfulness>=4 or thumbs=up", split, up)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("helpfulness>=4 or thumbs=down", split, up)).isEqualTo(ExportRule.Outcome.IN_DISAGREEMENT);
        assertThat(test("helpfulness>=4", adjudicated)).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(test("corrections", ConsensusLabel.disagreed("ideal", "correction")))
                .isEqualTo(ExportRule.Outcome.IN_DISAGREEMENT);
    }

    @Test
    void badRulesSayWhereInOneLine() {
        assertThatThrownBy(() -> ExportRule.parse("helpfulness>=x"))
                .isInstanceOf(ExportException.class)
                .hasMessage("rule \"helpfulness>=x\": column 14: >= needs a number, found \"x\"");
        assertThatThrownBy(() -> ExportRule.parse("helpfulness>="))
                .hasMessage("rule \"helpfulness>=\": column 14: a value is missing after >=");
        assertThatThrownBy(() -> ExportRule.parse("thumbs=up and"))
                .hasMessage("rule \"thumbs=up and\": column 14: a label schema name is missing at the end");
        assertThatThrownBy(() -> ExportRule.parse("thumbs=up topic=billing"))
                .hasMessage("rule \"thumbs=up topic=billing\": column 11: expected \"and\" or \"or\", found \"topic\"");
        assertThatThrownBy(() -> ExportRule.parse("thumbs => up"))
                .hasMessage("rule \"thumbs => up\": column 9: expected a value after =, found \">\"");
        assertThatThrownBy(() -> ExportRule.parse("thumbs ! up"))
                .hasMessage("rule \"thumbs ! up\": column 8: \"!\" must be followed by \"=\"");
        assertThatThrownBy(() -> ExportRule.parse("topic=\"billing"))
                .hasMessage("rule \"topic=\"billing\": column 7: a quoted value has no closing quote");
        assertThatThrownBy(() -> ExportRule.parse("rating >= 4; drop"))
                .hasMessage("rule \"rating >= 4; drop\": column 12: unexpected \";\"");
        assertThatThrownBy(() -> ExportRule.parse("corrections=yes"))
                .hasMessage("rule \"corrections=yes\": column 12: \"corrections\" takes no comparison");
        assertThatThrownBy(() -> ExportRule.parse("and thumbs=up"))
                .hasMessage("rule \"and thumbs=up\": column 1: expected a label schema name or \"corrections\", found \"and\"");
    }

    @Test
    void rulesAreCheckedAgainstTheSchemas() {
        assertThatThrownBy(() -> ExportRule.parse("helpfulnes>=4").check(SCHEMAS))
                .isInstanceOf(ExportException.class)
                .hasMessage("rule \"helpfulnes>=4\": column 1: no label schema \"helpfulnes\" (schemas: helpfulness, ideal,"
                        + " tags, thumbs, topic; or \"corrections\")");
        assertThatThrownBy(() -> ExportRule.parse("thumbs=up and topic>=2").check(SCHEMAS))
                .hasMessage("rule \"thumbs=up and topic>=2\": column 15: topic is a category label: >= needs a rating");
        assertThatThrownBy(() -> ExportRule.parse("helpfulness=good").check(SCHEMAS))
                .hasMessage("rule \"helpfulness=good\": column 1: helpfulness is a rating: compare it with a number,"
                        + " not \"good\"");
    }

    @Test
    void blankRuleTakesEveryLabelledCall() {
        assertThat(ExportRule.parse("  ").test(call())).as("a call with no label is not labelled")
                .isEqualTo(ExportRule.Outcome.LEFT_OUT);
        ConsensusLabel up = ConsensusLabel.agreed("thumbs", "thumbs", "{\"thumbs\":\"up\"}");
        assertThat(ExportRule.all().test(call(up))).isEqualTo(ExportRule.Outcome.TAKEN);
        assertThat(ExportRule.parse("").test(call(up, ConsensusLabel.disagreed("helpfulness", "rating"))))
                .as("a label not settled").isEqualTo(ExportRule.Outcome.IN_DISAGREEMENT);
        assertThat(ExportRule.parse(" thumbs=up ").text()).isEqualTo("thumbs=up");
    }

    @Test
    void aValueOutsideTheSchemasScaleOrCategoriesIsRefusedNamingThem() {
        Map<String, org.promptstudio.model.LabelSchema> schemas = Map.of(
                "helpfulness", new org.promptstudio.model.LabelSchema("helpfulness",
                        org.promptstudio.model.LabelSchema.Type.RATING, null, 1, 5, Map.of(), List.of(), false),
                "topic", new org.promptstudio.model.LabelSchema("topic",
                        org.promptstudio.model.LabelSchema.Type.CATEGORY, null, null, null, Map.of(),
                        List.of("billing", "setup"), false),
                "thumbs", org.promptstudio.model.LabelSchema.THUMBS);
        for (String never : List.of("helpfulness>=9", "helpfulness>5", "helpfulness<1", "helpfulness<=0",
                "helpfulness=7", "helpfulness!=0", "helpfulness=2.5", "helpfulness<3 or helpfulness>=6")) {
            String clause = never.contains(" or ") ? "helpfulness>=6" : never;
            assertThatThrownBy(() -> ExportRule.parse(never).check(SCHEMAS, schemas)).as(never)
                    .isInstanceOf(ExportException.class)
                    .hasMessageEndingWith(": " + clause + " is outside the scale of helpfulness (1..5)");
        }
        assertThatThrownBy(() -> ExportRule.parse("thumbs=up and topic=shipping").check(SCHEMAS, schemas))
                .hasMessage("rule \"thumbs=up and topic=shipping\": column 15: no category \"shipping\" in topic"
                        + " (categories: billing, setup)");
        assertThatThrownBy(() -> ExportRule.parse("thumbs=yes").check(SCHEMAS, schemas))
                .hasMessage("rule \"thumbs=yes\": column 1: thumbs is up or down, not \"yes\"");
        // rules some point of the scale meets pass
        for (String ok : List.of("helpfulness>=5", "helpfulness>4", "helpfulness<2", "helpfulness=1", "helpfulness!=3",
                "topic!=billing", "thumbs=down", "corrections", "topic")) {
            ExportRule.parse(ok).check(SCHEMAS, schemas);
        }
    }

    private static final Map<String, org.promptstudio.model.LabelSchema> ONE_TO_THREE = Map.of("helpfulness",
            new org.promptstudio.model.LabelSchema("helpfulness", org.promptstudio.model.LabelSchema.Type.RATING, null,
                    1, 3, Map.of(), List.of(), false));

    @Test
    void aComparisonEveryPointOfTheScaleMeetsIsTakenNotRefused() {
        for (String all : List.of("helpfulness>0", "helpfulness>=1", "helpfulness<=6",
                "helpfulness<4", "helpfulness<100")) {
            ExportRule rule = ExportRule.parse(all);
            rule.check(SCHEMAS, ONE_TO_THREE);
            assertThat(rule.test(call(ConsensusLabel.agreed("helpfulness", "rating", "{\"rating\":1}")))).as(all)
                    .isEqualTo(ExportRule.Outcome.TAKEN);
        }
        // = still names a point of the scale
        assertThatThrownBy(() -> ExportRule.parse("helpfulness=0").check(SCHEMAS, ONE_TO_THREE))
                .hasMessage("rule \"helpfulness=0\": column 1: helpfulness=0 is outside the scale of helpfulness (1..3)");
    }

    @Test
    void aValueOnlyLabelsOfAnOlderWiderScaleHoldIsAcceptedWhenSuchLabelsAreStored() {
        // the scale was narrowed from 1..5 to 1..3; a 5 given before stays exportable by rule
        LabelRow five = new LabelRow(1, null, null, null, "helpfulness", "0123456789ab", "Ada", "{\"rating\":5}",
                false, java.time.Instant.EPOCH, "echo/a", null, null);
        for (String old : List.of("helpfulness>=4", "helpfulness>3", "helpfulness=5")) {
            ExportRule.parse(old).check(SCHEMAS, ONE_TO_THREE, List.of(five));
            assertThatThrownBy(() -> ExportRule.parse(old).check(SCHEMAS, ONE_TO_THREE, List.of())).as(old)
                    .isInstanceOf(ExportException.class);
        }
        ExportRule rule = ExportRule.parse("helpfulness>=4");
        assertThat(rule.test(call(ConsensusLabel.agreed("helpfulness", "rating", "{\"rating\":5}"))))
                .isEqualTo(ExportRule.Outcome.TAKEN);
        // a value neither the scale nor a stored label has is still refused, naming both
        assertThatThrownBy(() -> ExportRule.parse("helpfulness=4").check(SCHEMAS, ONE_TO_THREE, List.of(five)))
                .hasMessage("rule \"helpfulness=4\": column 1: helpfulness=4 is outside the scale of helpfulness (1..3)"
                        + " and the older labels' values [5]");
        assertThatThrownBy(() -> ExportRule.parse("helpfulness>5").check(SCHEMAS, ONE_TO_THREE, List.of(five)))
                .isInstanceOf(ExportException.class);
    }

    @Test
    void anIncompleteLabelIsReportedApartFromADisagreement() {
        ConsensusLabel waiting = ConsensusLabel.incomplete("helpfulness", "rating");
        ConsensusLabel split = ConsensusLabel.disagreed("thumbs", "thumbs");
        assertThat(test("helpfulness>=4", waiting)).isEqualTo(ExportRule.Outcome.INCOMPLETE);
        assertThat(test("", waiting)).isEqualTo(ExportRule.Outcome.INCOMPLETE);
        assertThat(test("helpfulness>=4 or thumbs=up", waiting, split)).as("disagreement weighs more")
                .isEqualTo(ExportRule.Outcome.IN_DISAGREEMENT);
        assertThat(test("corrections", ConsensusLabel.incomplete("ideal", "correction")))
                .isEqualTo(ExportRule.Outcome.INCOMPLETE);
    }
}
