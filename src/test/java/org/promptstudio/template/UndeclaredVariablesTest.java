package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable the template reads but the input schema does not declare (a typo) renders as nothing; rendering
 * warns about it with its file, line and column. Names that are not read from the input are not reported.
 */
class UndeclaredVariablesTest {

    @TempDir
    Path workspace;
    Path prompts;

    private static final String SCHEMA = """
            ---
            input:
              schema:
                question: string
                tone?: string
                user?:
                  name: string
                  age?: integer
                items?(array):
                  title: string
                photo?: string
              default:
                style: plain
            ---
            """;

    @BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    private List<String> warnings(String body) throws IOException {
        return warnings(SCHEMA, body);
    }

    private List<String> warnings(String front, String body) throws IOException {
        Files.writeString(prompts.resolve("p.prompt"), front + body);
        PromptLibrary lib = new PromptLibrary(prompts);
        return lib.renderer().undeclaredVariables(lib.parse(lib.require("p")), Map.of()).stream()
                .map(TemplateWarning::toString).toList();
    }

    /** The warnings a full render gives, as {@code studio render} and the preview get them. */
    private List<String> renderWarnings(String body) throws IOException {
        Files.writeString(prompts.resolve("p.prompt"), SCHEMA + body);
        PromptLibrary lib = new PromptLibrary(prompts);
        RenderedPrompt rendered = lib.render(lib.require("p"), new RenderData(Map.of("question", "Where?",
                "photo", "https://example.com/a.png"), Map.of("state", Map.of("step", 1)), List.of(), List.of()), Map.of());
        return rendered.warnings().stream().map(TemplateWarning::toString).toList();
    }

    @Test
    void typoIsReportedWithFileLineAndColumn() throws IOException {
        assertThat(renderWarnings("Answer this:\n  {{questoin}}\n")).containsExactly(
                "prompts/p.prompt:16:5: warning: variable 'questoin' is not declared in the input schema, so it renders "
                        + "as nothing (declared: items, photo, question, tone, user)");
    }

    @Test
    void declaredNamesDefaultsDataVariablesAndHelpersAreNotReported() throws IOException {
        assertThat(renderWarnings("""
                {{role "system"}}Be {{tone}} in {{style}} style. Step {{@state.step}}.
                {{#if user}}{{user.name}} ({{user.age}}){{/if}}
                {{media url=photo contentType="image/png"}}
                {{json user indent=2}} {{#ifEquals tone "warm"}}hi{{/ifEquals}}
                {{history}}
                {{role "user"}}{{question}} {{{question}}} {{&question}} {{this.question}} {{lookup user "name"}}
                """)).isEmpty();
    }

    @Test
    void namesInsideEachAndWithAreTheItemsNotTheInput() throws IOException {
        assertThat(warnings("""
                {{#each items}}{{@index}} {{title}} {{this}} {{@key}} {{@first}} {{@last}}{{/each}}
                {{#each items as |item i|}}{{item.title}} {{i}}{{/each}}
                {{#with user}}{{name}} {{age}}{{/with}}
                """)).isEmpty();
    }

    @Test
    void leavingTheLoopByRootOrParentIsChecked() throws IOException {
        assertThat(warnings("""
                {{#each items}}{{@root.qestion}} {{../tone}} {{../tnoe}}{{/each}}
                """)).containsExactly(
                "prompts/p.prompt:15:18: warning: variable 'qestion' is not declared in the input schema, so it renders "
                        + "as nothing (declared: items, photo, question, tone, user)",
                "prompts/p.prompt:15:48: warning: variable 'tnoe' is not declared in the input schema, so it renders "
                        + "as nothing (declared: items, photo, question, tone, user)");
    }

    @Test
    void elsePartOfALoopRunsInTheOuterContext() throws IOException {
        assertThat(warnings("{{#each items}}{{title}}{{else}}{{qustion}}{{/each}}\n"))
                .singleElement().asString().startsWith("prompts/p.prompt:15:35: warning: variable 'qustion'");
    }

    @Test
    void helperArgumentsAndHashValuesAreCheckedButHashKeysAreNot() throws IOException {
        assertThat(warnings("{{media url=foto}} {{#if (lookup usr \"name\")}}x{{/if}}\n")).containsExactly(
                "prompts/p.prompt:15:13: warning: variable 'foto' is not declared in the input schema, so it renders "
                        + "as nothing (declared: items, photo, question, tone, user)",
                "prompts/p.prompt:15:34: warning: variable 'usr' is not declared in the input schema, so it renders "
                        + "as nothing (declared: items, photo, question, tone, user)");
    }

    @Test
    void fieldOfADeclaredObjectIsChecked() throws IOException {
        assertThat(warnings("{{user.nmae}}\n")).containsExactly(
                "prompts/p.prompt:15:3: warning: variable 'user.nmae' is not declared in the input schema, so it "
                        + "renders as nothing (declared in user: age, name)");
    }

    @Test
    void escapedAndRawTextIsNotAVariable() throws IOException {
        assertThat(warnings("\\{{nope}} {{{{ifEquals 1 1}}}}{{nope}}{{{{/ifEquals}}}} {{!-- {{nope}} --}}\n")).isEmpty();
    }

    @Test
    void partialsSeeTheSameInputAndTheirTyposNameThePartialFile() throws IOException {
        Files.writeString(prompts.resolve("_sig.prompt"), "Regards,\n{{tone}} {{signer}} {{tnoe}}\n");
        assertThat(renderWarnings("{{question}}\n{{> sig signer=\"Ada\"}}\n")).containsExactly(
                "prompts/_sig.prompt:2:23: warning: variable 'tnoe' is not declared in the input schema, so it "
                        + "renders as nothing (declared: items, photo, question, tone, user)");
    }

    @Test
    void aPartialGivenItsOwnContextIsNotCheckedAgainstTheInput() throws IOException {
        Files.writeString(prompts.resolve("_card.prompt"), "{{name}} {{whatever}}\n");
        assertThat(warnings("{{> card user}}\n")).isEmpty();
    }

    @Test
    void dynamicPartialsAndSubExpressionHeadsAreNotVariables() throws IOException {
        Files.writeString(prompts.resolve("_pick.prompt"), "{{whatever}}\n");
        assertThat(warnings("{{> (lookup this \"pick\")}} {{#each (lookup user \"name\")}}{{x}}{{/each}}\n")).isEmpty();
        assertThat(warnings("{{#with (lookup usr \"name\")}}{{x}}{{/with}}\n")).singleElement().asString()
                .startsWith("prompts/p.prompt:15:17: warning: variable 'usr'");
    }

    @Test
    void promptWithoutAnInputSchemaGetsNoWarnings() throws IOException {
        assertThat(warnings("---\nname: free\n---\n", "{{anything}} {{goes}}\n")).isEmpty();
    }

    @Test
    void schemaThatAllowsOtherFieldsGetsNoWarnings() throws IOException {
        assertThat(warnings("---\ninput:\n  schema:\n    q: string\n    (*): any\n---\n", "{{q}} {{other}}\n")).isEmpty();
    }

    @Test
    void warningsAreAvailableWithoutRendering() throws IOException {
        Files.writeString(prompts.resolve("w.prompt"), SCHEMA + "{{questoin}}\n");
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(lib.renderer().undeclaredVariables(lib.parse(lib.require("w")), Map.of()))
                .extracting(TemplateWarning::line, TemplateWarning::column).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(15, 3));
    }
}
