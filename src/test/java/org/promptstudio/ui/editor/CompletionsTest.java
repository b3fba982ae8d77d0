package org.promptstudio.ui.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionsTest {

    static final Map<String, String> VARS = new LinkedHashMap<>(Map.of("question", "string"));
    static final List<String> PARTIALS = List.of("rules", "tone");

    static List<String> labels(String text) {
        return Completions.at(text, text.length(), VARS, PARTIALS).items().stream().map(Completions.Item::label).toList();
    }

    @Test
    void outsideATagThereIsNothingToComplete() {
        assertThat(labels("Hello qu")).isEmpty();
        assertThat(labels("{{question}} qu")).isEmpty();
        assertThat(labels("\\{{qu")).as("an escaped tag is text").isEmpty();
        assertThat(labels("{{! a comment qu")).isEmpty();
    }

    @Test
    void theWordBeingTypedIsReplacedFromItsStart() {
        Completions.Result r = Completions.at("Hi {{que", 8, VARS, PARTIALS);
        assertThat(r.from()).isEqualTo(5);
        assertThat(r.items()).extracting(Completions.Item::label).containsExactly("question");
        assertThat(Completions.insertion(r.items().get(0), "Hi {{que", 8)).isEqualTo("question}}");
        assertThat(Completions.insertion(r.items().get(0), "Hi {{que}}", 8)).isEqualTo("question");
    }

    @Test
    void partialsAfterTheAngleBracketBlockHelpersAfterTheHash() {
        assertThat(labels("{{> ")).containsExactly("rules", "tone");
        assertThat(labels("{{>t")).containsExactly("tone");
        assertThat(labels("{{#e")).containsExactly("each");
        assertThat(labels("{{#if x}}y{{/i")).containsExactly("if", "ifEquals");
    }

    @Test
    void dataVariablesAfterTheAtSignAndArgumentsAreNotHelpers() {
        assertThat(labels("{{@")).containsExactly("@index", "@key", "@first", "@last", "@root", "@state", "@metadata");
        assertThat(labels("{{#each items}}{{@l")).containsExactly("@last");
        assertThat(labels("{{media url=q")).containsExactly("question");
    }
}
