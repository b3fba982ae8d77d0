package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptSyntaxTest {

    @Test
    void frontMatterIsMutedWithItsKeysApart() {
        HighlightedText t = HighlightedText.prompt("---\nname: x\ninput:\n  schema:\n    q?: string\n---\nHi {{q}}");
        assertThat(t.textOf("fm-delimiter")).containsExactly("---", "---");
        assertThat(t.textOf("fm-key")).containsExactly("name", "input", "schema", "q?");
        assertThat(t.textOf("front-matter")).contains(": x\n");
        assertThat(t.textOf("hb-variable")).containsExactly("{{q}}");
    }

    @Test
    void tagsAreToldApartByKind() {
        HighlightedText t = HighlightedText.prompt(
                "{{role \"user\"}}{{#if a}}{{else}}{{/if}}{{> rules}}{{!-- note --}}{{! short }}{{{raw}}}{{history}}");
        assertThat(t.textOf("hb-role")).containsExactly("{{role \"user\"}}", "{{history}}");
        assertThat(t.textOf("hb-block")).containsExactly("{{#if a}}", "{{else}}", "{{/if}}");
        assertThat(t.textOf("hb-partial")).containsExactly("{{> rules}}");
        assertThat(t.textOf("hb-comment")).containsExactly("{{!-- note --}}", "{{! short }}");
        assertThat(t.textOf("hb-variable")).containsExactly("{{{raw}}}");
    }

    @Test
    void withoutFrontMatterOnlyTagsAreColouredAndRangesDoNotOverlap() {
        HighlightedText t = HighlightedText.prompt("name: not yaml\n{{a}} and {{b}}");
        assertThat(t.textOf("fm-key")).isEmpty();
        assertThat(t.textOf("hb-variable")).containsExactly("{{a}}", "{{b}}");
        for (int i = 1; i < t.ranges().size(); i++) {
            assertThat(t.ranges().get(i).start()).isGreaterThanOrEqualTo(t.ranges().get(i - 1).end());
        }
    }

    @Test
    void anUnclosedFrontMatterOrTagDoesNotFail() {
        HighlightedText t = HighlightedText.prompt("---\nname: x\n{{oops");
        assertThat(t.text()).isEqualTo("---\nname: x\n{{oops");
        assertThat(t.textOf("fm-key")).isEmpty();
    }
}
