package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad template names the file, line and column, and says what was expected. */
class PromptErrorsTest {

    @TempDir
    Path workspace;
    Path prompts;

    @org.junit.jupiter.api.BeforeEach
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

    @Test
    void badYamlInFrontMatterNamesLineAndColumn() throws IOException {
        PromptLibrary lib = library("bad.prompt", "---\nname: bad\nconfig:\n  temperature: [0.1\n---\nHi\n");
        String msg = messageOf(() -> lib.parse(lib.require("bad")));
        // The place is the opening '[' (line 3 of the front matter, line 4 of the file, column 16).
        assertThat(msg).isEqualTo("prompts/bad.prompt:4:16: invalid YAML in front matter: a list opened with '[' is not closed");
    }

    @Test
    void frontMatterThatIsNotAMappingIsRefused() throws IOException {
        PromptLibrary lib = library("list.prompt", "---\n- a\n- b\n---\nHi\n");
        assertThat(messageOf(() -> lib.parse(lib.require("list"))))
                .isEqualTo("prompts/list.prompt:2:1: front matter must be a YAML mapping of keys to values, found a list");
    }

    @Test
    void unclosedFrontMatterIsReported() throws IOException {
        PromptLibrary lib = library("open.prompt", "---\nname: open\nHello\n");
        assertThat(messageOf(() -> lib.parse(lib.require("open"))))
                .isEqualTo("prompts/open.prompt:1:1: front matter is not closed: expected a line '---' after the YAML");
    }

    @Test
    void unclosedBlockNamesFileLineAndWhatWasExpected() throws IOException {
        PromptLibrary lib = library("unclosed.prompt", "---\nname: u\n---\nHello\n{{#if vip}}\nWelcome back\n");
        String msg = messageOf(() -> lib.render(lib.require("unclosed"), RenderData.of(Map.of("vip", true)), Map.of()));
        assertThat(msg).isEqualTo(
                "prompts/unclosed.prompt:5:1: unclosed block {{#if}}: expected {{/if}} before the end of the template");
    }

    @Test
    void mismatchedCloseNamesBothPlaces() throws IOException {
        PromptLibrary lib = library("mismatch.prompt", "{{#each items}}\n{{#if x}}y{{/each}}\n");
        assertThat(messageOf(() -> lib.render(lib.require("mismatch"), RenderData.empty(), Map.of())))
                .isEqualTo("prompts/mismatch.prompt:2:11: {{/each}} does not match {{#if}} opened at line 2: expected {{/if}}");
    }

    @Test
    void unknownHelperNamesItsPlace() throws IOException {
        PromptLibrary lib = library("helper.prompt", "---\nname: h\n---\nLine one\nSay {{shout name}} now\n");
        assertThat(messageOf(() -> lib.render(lib.require("helper"), RenderData.of(Map.of("name", "x")), Map.of())))
                .startsWith("prompts/helper.prompt:5:5: unknown helper 'shout' (expected one of ");
    }

    @Test
    void unknownBlockHelperWithArgumentsIsReported() throws IOException {
        PromptLibrary lib = library("block.prompt", "{{#repeat 3}}x{{/repeat}}\n");
        assertThat(messageOf(() -> lib.render(lib.require("block"), RenderData.empty(), Map.of())))
                .startsWith("prompts/block.prompt:1:1: unknown helper 'repeat'");
    }

    @Test
    void missingPartialNamesTheFileItExpected() throws IOException {
        PromptLibrary lib = library("main.prompt", "---\nname: m\n---\n\n{{> footer}}\n");
        assertThat(messageOf(() -> lib.render(lib.require("main"), RenderData.empty(), Map.of())))
                .isEqualTo("prompts/main.prompt:5:1: partial 'footer' not found (expected a file prompts/_footer.prompt)");
    }

    @Test
    void missingRequiredInputNamesTheField() throws IOException {
        PromptLibrary lib = library("q.prompt",
                "---\ninput:\n  schema:\n    question: string\n    tone?: string\n---\n{{question}}\n");
        assertThat(messageOf(() -> lib.render(lib.require("q"), RenderData.of(Map.of("tone", "warm")), Map.of())))
                .isEqualTo("prompts/q.prompt: input does not match the input schema: missing required field 'question'");
    }

    @Test
    void wrongInputTypeNamesTheField() throws IOException {
        PromptLibrary lib = library("n.prompt",
                "---\ninput:\n  schema:\n    count: integer\n    user:\n      age: number\n---\n{{count}}\n");
        String msg = messageOf(() -> lib.render(lib.require("n"),
                RenderData.of(Map.of("count", "three", "user", Map.of("age", "old"))), Map.of()));
        assertThat(msg).contains("field 'count': string found, integer expected")
                .contains("field 'user.age': string found, number expected");
    }

    @Test
    void extraInputFieldsAreNotErrors() throws IOException {
        PromptLibrary lib = library("x.prompt", "---\ninput:\n  schema:\n    q: string\n---\n{{q}}\n");
        assertThat(lib.render(lib.require("x"), RenderData.of(Map.of("q", "hi", "expected", "42")), Map.of())
                .messages().get(0).text()).isEqualTo("hi");
    }

    @Test
    void defaultsSatisfyRequiredInput() throws IOException {
        PromptLibrary lib = library("d.prompt",
                "---\ninput:\n  schema:\n    tone: string\n  default:\n    tone: warm\n---\nBe {{tone}}.\n");
        assertThat(lib.render(lib.require("d"), RenderData.empty(), Map.of()).messages().get(0).text())
                .isEqualTo("Be warm.");
    }

    @Test
    void binaryFileIsRefusedByName() throws IOException {
        Files.write(prompts.resolve("image.prompt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(messageOf(() -> lib.parse(lib.require("image"))))
                .isEqualTo("prompts/image.prompt: not a text file (binary content)");
    }

    @Test
    void badPicoschemaTypeIsReported() throws IOException {
        PromptLibrary lib = library("s.prompt", "---\ninput:\n  schema:\n    x: strin\n---\n{{x}}\n");
        assertThat(messageOf(() -> lib.render(lib.require("s"), RenderData.of(Map.of("x", "1")), Map.of())))
                .startsWith("prompts/s.prompt:4:5: input.schema: Picoschema: at 'x' unknown type 'strin'");
    }

    @Test
    void unknownPromptListsTheKnownOnes() throws IOException {
        PromptLibrary lib = library("answer.prompt", "Hi");
        assertThatThrownBy(() -> lib.require("answr"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("answr: no such prompt (expected a file prompts/answr.prompt; known: answer)");
    }
}
