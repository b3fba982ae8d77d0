package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level input variables a template reads, whatever its schema says, and those it tests for presence: what a
 * run checks its cases against (decision 0024). Scoping is Handlebars': inside {@code #each}/{@code #with} a name is
 * the item's unless it reaches the input with {@code @root.} or {@code ../} (handlebars.js guide, "Handlebars
 * expressions": paths and {@code @root}).
 */
class InputUsesTest {

    @TempDir
    Path workspace;
    Path prompts;

    @BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    private VariableUses uses(String text) throws IOException {
        Files.writeString(prompts.resolve("p.prompt"), text);
        PromptLibrary lib = new PromptLibrary(prompts);
        return lib.renderer().inputUses(lib.parse(lib.require("p")));
    }

    @Test
    void theFewShotChainOfThoughtTemplateReadsQuestionAndExamplesNotTheExamplesFields() throws IOException {
        VariableUses u = uses("""
                {{role "system"}}
                Solve it.
                {{#each examples}}
                {{role "user"}}
                {{question}}
                {{role "model"}}
                {{reasoning}}
                Answer: {{answer}}
                {{/each}}
                {{role "user"}}
                {{question}}
                """);
        assertThat(u.used()).containsExactly("examples", "question");
        assertThat(u.tested()).isEmpty();
    }

    @Test
    void namesReachingTheInputFromInsideABlockCountAndBlockParamsAndDataVariablesDoNot() throws IOException {
        VariableUses u = uses("""
                {{#each items as |item i|}}{{item.title}} {{@index}} {{../tone}} {{@root.user.name}} {{title}}{{/each}}
                {{#with user}}{{name}}{{/with}}{{json payload}} {{media url=photo}} {{"literal"}} {{ifEquals kind "a"}}
                """);
        assertThat(u.used()).containsExactly("items", "tone", "user", "payload", "photo", "kind");
    }

    @Test
    void conditionsAreTestsForPresence() throws IOException {
        VariableUses u = uses("""
                {{#if context}}Passages: {{context}}{{/if}}
                {{#unless name}}Hi there{{else if nickname}}Hi {{nickname}}{{/unless}}
                {{#notes}}{{.}}{{/notes}}{{^extra}}none{{/extra}}
                {{#each examples}}{{question}}{{/each}}
                """);
        assertThat(u.used()).containsExactly("context", "name", "nickname", "notes", "extra", "examples");
        assertThat(u.tested()).containsExactlyInAnyOrder("context", "name", "nickname", "notes", "extra");
    }

    @Test
    void aPartialIncludedOnTheSameDataCountsButNotTheNamesItIsPassed() throws IOException {
        Files.writeString(prompts.resolve("_card.prompt"), "{{title}} by {{author}}");
        VariableUses u = uses("{{> card title=headline}}\n{{body}}\n");
        assertThat(u.used()).containsExactly("headline", "author", "body");
    }
}
