package org.promptstudio.ui.editor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.promptstudio.ui.common.HighlightedText;

class TemplateHighlighterTest {

    static final String SOURCE = """
            ---
            name: answer # the id
            input:
              schema:
                question: string
            ---
            {{role "system"}}
            {{#if question}}Hi {{question}}{{else}}{{> rules tone="warm"}}{{/if}}
            {{#each items}}{{@index}}: {{this}}{{/each}}
            {{media url=photo}} {{!-- note --}} \\{{literal}}
            """;

    @Test
    void everyPartOfAPromptHasItsOwnColour() {
        HighlightedText h = TemplateHighlighter.highlight(SOURCE);
        assertThat(h.textOf("fm-key")).containsExactly("name", "input", "schema", "question");
        assertThat(h.textOf("fm-comment")).containsExactly("# the id");
        assertThat(h.textOf("fm-delimiter")).containsExactly("---", "---");
        assertThat(h.textOf("hb-role")).containsExactly("role");
        assertThat(h.textOf("hb-literal")).containsExactly("\"system\"", "\"warm\"");
        assertThat(h.textOf("hb-block")).containsExactly("if", "else", "if", "each", "each");
        assertThat(h.textOf("hb-variable")).containsExactly("question", "question", "items", "this", "photo");
        assertThat(h.textOf("hb-partial")).containsExactly("rules");
        assertThat(h.textOf("hb-hash-key")).containsExactly("tone=", "url=");
        assertThat(h.textOf("hb-data")).containsExactly("@index");
        assertThat(h.textOf("hb-helper")).containsExactly("media");
        assertThat(h.textOf("hb-comment")).containsExactly("{{!-- note --}}");
        assertThat(String.join("", h.textOf("hb-delim"))).doesNotContain("literal");
    }

    @Test
    void rangesAreSortedAndDoNotOverlapEvenInABrokenTemplate() {
        for (String text : new String[] {SOURCE, "---\nname: [\n{{#if", "{{", "}}{{}}", "{{{{raw}}}} {{x}}", ""}) {
            HighlightedText h = TemplateHighlighter.highlight(text);
            int at = 0;
            for (HighlightedText.Range r : h.ranges()) {
                assertThat(r.start()).as(text).isGreaterThanOrEqualTo(at);
                assertThat(r.end()).as(text).isLessThanOrEqualTo(text.length());
                at = r.end();
            }
        }
    }
}
