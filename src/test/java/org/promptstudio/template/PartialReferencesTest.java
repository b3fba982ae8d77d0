package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartialReferencesTest {

    @Test
    void findsPartialCallsAndPartialBlocksButNotCommentsOrEscapedTags() {
        String template = """
                {{> rules}}
                {{~> tone name="x"~}}
                {{#> layout}}body{{/layout}}
                {{!-- {{> commented}} --}}
                {{! {{> alsoCommented}} }}
                {{> rules}}
                {{ rules }}
                \\{{> escaped}}
                """;

        assertThat(PartialReferences.in(template)).containsExactly("rules", "tone", "layout");
    }
}
