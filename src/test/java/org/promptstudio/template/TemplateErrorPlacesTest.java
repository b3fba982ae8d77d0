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
 * Every error of a template names the file it is in (the prompt, or the partial) and the line and column in that
 * file, front matter counted, and says what is wrong in words: never a Java class name.
 */
class TemplateErrorPlacesTest {

    @TempDir
    Path workspace;
    Path prompts;

    /** Six lines of front matter, so the body starts on line 7. */
    private static final String FRONT = """
            ---
            name: placed
            config:
              temperature: 0
            description: front matter counts
            ---
            """;

    @BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    private PromptLibrary library(String file, String text) throws IOException {
        Files.writeString(prompts.resolve(file), text);
        return new PromptLibrary(prompts);
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (TemplateException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a TemplateException");
    }

    private static String render(PromptLibrary lib, String id, Map<String, Object> input) {
        return messageOf(() -> lib.render(lib.require(id), RenderData.of(input), Map.of()));
    }

    @Test
    void mismatchedCloseNamesTheFileLineWhereTheBlockOpened() throws IOException {
        // issue 8: an {{#if}} opened on line 9 of the file was reported as "opened at line 3" (the body's line)
        PromptLibrary lib = library("m.prompt", FRONT + "Hello\n\n{{#if vip}}\n{{#each items}}\n{{/if}}\n{{/each}}\n");
        assertThat(render(lib, "m", Map.of())).isEqualTo(
                "prompts/m.prompt:11:1: {{/if}} does not match {{#each}} opened at line 10: expected {{/each}}");
    }

    @Test
    void unclosedBlockOnLineNineIsReportedOnLineNine() throws IOException {
        PromptLibrary lib = library("u.prompt", FRONT + "Hello\n\n{{#if vip}}\nWelcome back\n");
        assertThat(render(lib, "u", Map.of("vip", true))).isEqualTo(
                "prompts/u.prompt:9:1: unclosed block {{#if}}: expected {{/if}} before the end of the template");
    }

    @Test
    void syntaxErrorFoundByHandlebarsNamesTheFileLine() throws IOException {
        PromptLibrary lib = library("s.prompt", FRONT + "One\nTwo {{lookup a b=}}\n");
        assertThat(render(lib, "s", Map.of())).isEqualTo("prompts/s.prompt:8:18: unexpected '}}'");
    }

    @Test
    void columnsAfterAnEscapeOnTheSameLineAreTheFilesColumns() throws IOException {
        // The escape is rewritten for Handlebars.java; the error's column must still be the written one.
        PromptLibrary lib = library("e.prompt", FRONT + "\\{{{literal}}} then {{lookup a b=}}\n");
        assertThat(render(lib, "e", Map.of())).isEqualTo("prompts/e.prompt:7:34: unexpected '}}'");
    }

    @Test
    void unclosedTagNamesItsPlace() throws IOException {
        PromptLibrary lib = library("t.prompt", FRONT + "Line\nSay {{name\n");
        assertThat(render(lib, "t", Map.of())).isEqualTo("prompts/t.prompt:8:5: unclosed tag: expected '}}'");
    }

    @Test
    void unclosedRawBlockNamesItsPlace() throws IOException {
        PromptLibrary lib = library("r.prompt", FRONT + "x {{{{raw}}}} {{y}}\n");
        assertThat(render(lib, "r", Map.of())).isEqualTo(
                "prompts/r.prompt:7:3: unclosed raw block: expected {{{{/name}}}} after it");
    }

    @Test
    void helperFailureNamesThePlaceWithoutAJavaClassName() throws IOException {
        // issue 8, 7.1: a Prompty chat with a history loop printed
        // "...:31:61: java.lang.IllegalArgumentException: {{role}} needs a role name ..."
        PromptLibrary lib = library("chat.prompt", FRONT + """
                {{role "system"}}Be brief.
                {{#each history}}{{role this.role}}{{this.content}}
                {{/each}}
                """);
        String msg = render(lib, "chat", Map.of("history", List.of(Map.of("role", "", "content", "hi"))));
        assertThat(msg).isEqualTo("prompts/chat.prompt:8:20: {{role}} needs a role name: system, user, model or tool");
    }

    @Test
    void badHelperArgumentIsExplainedInWords() throws IOException {
        PromptLibrary lib = library("j.prompt", FRONT + "{{json data indent=\"wide\"}}\n");
        String msg = render(lib, "j", Map.of("data", Map.of("a", 1)));
        assertThat(msg).startsWith("prompts/j.prompt:7:").doesNotContainPattern("java\\.|Exception|Error:");
    }

    @Test
    void unknownHelperInAPartialNamesThePartialFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "Rule one\nRule {{shout two}}\n");
        PromptLibrary lib = library("p.prompt", FRONT + "Rules:\n{{> rules}}\n");
        assertThat(render(lib, "p", Map.of())).startsWith(
                "prompts/_rules.prompt:2:6: unknown helper 'shout' (expected one of ");
    }

    @Test
    void missingPartialInsideAPartialNamesThePartialFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_outer.prompt"), "Outer\n\n  {{> inner}}\n");
        PromptLibrary lib = library("o.prompt", FRONT + "{{> outer}}\n");
        assertThat(render(lib, "o", Map.of())).isEqualTo(
                "prompts/_outer.prompt:3:3: partial 'inner' not found (expected a file prompts/_inner.prompt)");
    }

    @Test
    void helperFailureInsideAPartialNamesThePartialFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_turn.prompt"), "A turn\n{{role who}}text\n");
        PromptLibrary lib = library("c.prompt", FRONT + "{{> turn}}\n");
        assertThat(render(lib, "c", Map.of())).isEqualTo(
                "prompts/_turn.prompt:2:3: {{role}} needs a role name: system, user, model or tool");
    }

    @Test
    void syntaxErrorInsideAPartialNamesThePartialFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_broken.prompt"), "Line\n{{#if x}}\nno end\n");
        PromptLibrary lib = library("b.prompt", FRONT + "{{> broken}}\n");
        assertThat(render(lib, "b", Map.of())).isEqualTo(
                "prompts/_broken.prompt:2:1: unclosed block {{#if}}: expected {{/if}} before the end of the template");
    }

    @Test
    void syntaxErrorFoundByHandlebarsInsideAPartialNamesThePartialFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_look.prompt"), "Line\n\\{{{x}}} {{lookup a b=}}\n");
        PromptLibrary lib = library("l.prompt", FRONT + "Text\n{{> look}}\n");
        assertThat(render(lib, "l", Map.of())).isEqualTo("prompts/_look.prompt:2:23: unexpected '}}'");
    }

    @Test
    void checkBeforeSavingReportsPartialProblemsAtTheirFileLines() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "\n\n{{#each x}}{{/with}}\n");
        PromptLibrary lib = library("k.prompt", FRONT + "{{> rules}}\n");
        assertThat(messageOf(() -> lib.check(lib.parse(lib.require("k"))))).isEqualTo(
                "prompts/_rules.prompt:3:12: {{/with}} does not match {{#each}} opened at line 3: expected {{/each}}");
    }
}
