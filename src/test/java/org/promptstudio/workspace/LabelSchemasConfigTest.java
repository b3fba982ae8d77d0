package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.LabelSchema;

/** {@code labels:} of studio.yaml: read into label schemas beside the built-in thumbs, refused with their place. */
class LabelSchemasConfigTest {

    private static final String GOOD = """
            name: x
            labels:
              - name: helpfulness
                type: rating
                description: Would this answer resolve it?
                scale: { min: 1, max: 5 }
                points: { 1: Wrong or harmful, 3: Partly useful, 5: Resolves it fully }
                comment: true
              - name: topic
                type: category
                categories: [billing, shipping, setup, other]
              - name: tags
                type: categories
                categories: [rude, long]
              - name: ideal
                type: correction
              - name: preference
                type: pairwise
              - name: order
                type: ranking
              - name: note
                type: comment
            """;

    @Test
    void everyTypeIsReadAndThumbsIsBuiltIn() {
        List<LabelSchema> schemas = StudioConfigReader.parse(GOOD).labelSchemas();
        assertThat(schemas).extracting(LabelSchema::name)
                .containsExactly("thumbs", "helpfulness", "topic", "tags", "ideal", "preference", "order", "note");
        assertThat(schemas).extracting(s -> s.type().id())
                .containsExactly("thumbs", "rating", "category", "categories", "correction", "pairwise", "ranking",
                        "comment");
        LabelSchema rating = schemas.get(1);
        assertThat(rating.min()).isEqualTo(1);
        assertThat(rating.max()).isEqualTo(5);
        assertThat(rating.points()).isEqualTo(Map.of(1, "Wrong or harmful", 3, "Partly useful", 5, "Resolves it fully"));
        assertThat(rating.comment()).isTrue();
        assertThat(rating.description()).isEqualTo("Would this answer resolve it?");
        assertThat(schemas.get(2).categories()).containsExactly("billing", "shipping", "setup", "other");
        assertThat(StudioConfigReader.parse("name: x\n").labelSchemas()).containsExactly(LabelSchema.THUMBS);
    }

    @Test
    void theSampleWorkspaceDefinesTheSchemasTheWindowAndTheWalkthroughUse() {
        StudioConfig sample = StudioConfigReader.read(Path.of("sample-workspaces/support-assistant/studio.yaml"));
        assertThat(sample.labelSchemas()).extracting(LabelSchema::name)
                .containsExactly("thumbs", "helpfulness", "topic", "ideal", "preference");
        assertThat(sample.labelSchemas().get(1).points()).hasSize(5);
    }

    @Test
    void aBadSchemaIsRefusedWithItsPlace() {
        assertRefused("labels:\n  - name: Help Me\n    type: rating\n",
                "studio.yaml:2:11: label 'Help Me': a name may hold only a-z, 0-9 and -");
        assertRefused("labels:\n  - name: thumbs\n    type: thumbs\n",
                "studio.yaml:2:11: label 'thumbs' is built in (thumbs up or down with a comment); choose another name");
        assertRefused("labels:\n  - name: a\n    type: ideal\n",
                "studio.yaml:3:11: label 'a': type 'ideal' is not known (known: rating, thumbs, category, categories,"
                        + " correction, pairwise, ranking, comment)");
        assertRefused("labels:\n  - name: a\n",
                "studio.yaml:2:5: label 'a' needs a 'type' (known: rating, thumbs, category, categories, correction,"
                        + " pairwise, ranking, comment)");
        assertRefused("labels:\n  - name: a\n    type: rating\n",
                "studio.yaml:2:5: label 'a' needs a 'scale' with integers min and max (scale: { min: 1, max: 5 })");
        assertRefused("labels:\n  - name: a\n    type: rating\n    scale: { min: 5, max: 1 }\n",
                "studio.yaml:4:12: label 'a': scale min 5 must be below max 1");
        assertRefused("labels:\n  - name: a\n    type: rating\n    scale: { min: 1, max: 2.5 }\n",
                "studio.yaml:4:27: 'max' must be an integer");
        assertRefused("labels:\n  - name: a\n    type: rating\n    scale: { min: 1, max: 5 }\n    points: { 7: Great }\n",
                "studio.yaml:5:15: label 'a': point 7 is outside the scale 1..5");
        assertRefused("labels:\n  - name: a\n    type: category\n",
                "studio.yaml:2:5: label 'a' needs 'categories' (categories: [billing, shipping, other])");
        assertRefused("labels:\n  - name: a\n    type: category\n    categories: [x, y, x]\n",
                "studio.yaml:4:24: label 'a': category 'x' is listed twice");
        assertRefused("labels:\n  - name: a\n    type: thumbs\n    categories: [x]\n",
                "studio.yaml:4:5: label 'a': only a category or categories schema has 'categories'");
        assertRefused("labels:\n  - name: a\n    type: thumbs\n  - name: a\n    type: comment\n",
                "studio.yaml:4:11: duplicate label 'a' (first at line 2)");
        assertRefused("labels:\n  - name: a\n    type: thumbs\n    colour: red\n",
                "studio.yaml:4:5: unknown key 'colour' (known: categories, comment, description, name, points, scale,"
                        + " type)");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> StudioConfigReader.parse(text)).isInstanceOf(WorkspaceException.class)
                .hasMessage(message);
    }
}
