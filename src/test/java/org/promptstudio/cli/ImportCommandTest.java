package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportCommandTest {

    private static final String CHAT = """
            ---
            name: Chat
            model:
              configuration:
                azure_deployment: gpt-4o
            inputs:
              question:
                type: string
                sample: Where is my parcel?
            ---
            system:
            Be brief.
            user:
            {{ question }}
            """;

    @TempDir
    Path root;
    Path workspace;
    Path file;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("ws"));
        Files.writeString(workspace.resolve("studio.yaml"), "name: imports\nmodels: []\n");
        file = Files.writeString(root.resolve("chat.prompty"), CHAT);
    }

    @Test
    void importPromptyWritesThePromptAndExitsZero() {
        int code = run("-w", workspace.toString(), "import", "prompty", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("wrote prompts/chat.prompt",
                "added the sample as a row of datasets/chat.jsonl");
        assertThat(workspace.resolve("prompts/chat.prompt")).exists();
    }

    @Test
    void theWorkspaceOptionWorksAfterTheSubcommandToo() {
        int code = run("import", "prompty", file.toString(), "--to", "prompts/support.prompt", "-w", workspace.toString());

        assertThat(code).isZero();
        assertThat(workspace.resolve("prompts/support.prompt")).exists();
    }

    @Test
    void unconvertibleSpotsExitOneListingEachLineAndWritingNothing() throws IOException {
        Files.writeString(file, CHAT.replace("{{ question }}", "{{ question | trim }}"));

        int code = run("-w", workspace.toString(), "import", "prompty", file.toString());

        assertThat(code).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(err.toString()).contains("chat.prompty:14: cannot convert filter '| trim'",
                "error: chat.prompty: 1 spot cannot be converted; nothing written");
        assertThat(workspace.resolve("prompts")).doesNotExist();
        assertThat(workspace.resolve("datasets")).doesNotExist();
    }

    @Test
    void forceWritesDespiteUnconvertibleSpotsAndWarnsAboutEach() throws IOException {
        Files.writeString(file, CHAT.replace("{{ question }}", "{{ question | trim }}"));

        int code = run("-w", workspace.toString(), "import", "prompty", file.toString(), "--force");

        assertThat(code).isZero();
        assertThat(err.toString())
                .contains("warning: chat.prompty:14: cannot convert filter '| trim' (left as a TODO comment)");
        assertThat(Files.readString(workspace.resolve("prompts/chat.prompt"))).contains("{{!-- TODO prompty:");
    }

    @Test
    void anExistingPromptExitsOneWithoutForce() {
        run("-w", workspace.toString(), "import", "prompty", file.toString());

        int code = run("-w", workspace.toString(), "import", "prompty", file.toString());

        assertThat(code).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(err.toString()).contains("error: prompts/chat.prompt already exists; use --force to replace it");
    }

    @Test
    void aFolderThatIsNoWorkspaceExitsOne() {
        int code = run("-w", root.toString(), "import", "prompty", file.toString());

        assertThat(code).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(err.toString()).contains("not a workspace");
    }

    @Test
    void missingArgumentsSubcommandsAndUnknownOptionsAreUsageErrors() {
        assertThat(run("-w", workspace.toString(), "import", "prompty")).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(run("-w", workspace.toString(), "import")).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(run("-w", workspace.toString(), "import", "prompty", file.toString(), "--bogus"))
                .isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE.prompty'", "Missing required subcommand");
        assertThat(workspace.resolve("prompts")).doesNotExist();
    }

    /**
     * Each Prompty form (our fixtures in src/test/resources/prompty, each naming the upstream file it mirrors) is
     * imported, then rendered as a user would: with example values and with the sample row the import wrote.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-property-inputs", "v1-history-loop", "v1-sample-file", "v1x-runtime-properties",
        "v2-list-inputs", "v2-thread", "v2-outputs-shorthand", "v2-multimodal"})
    void everyImportedFormRendersWithExampleValuesAndWithItsSample(String name) throws Exception {
        Path fixtures = Path.of(getClass().getResource("/prompty/" + name + ".prompty").toURI()).getParent();
        Path source = Files.copy(fixtures.resolve(name + ".prompty"), root.resolve(name + ".prompty"));
        if (name.equals("v1-sample-file")) Files.copy(fixtures.resolve(name + ".json"), root.resolve(name + ".json"));

        assertThat(run("-w", workspace.toString(), "import", "prompty", source.toString())).isZero();
        assertThat(out.toString()).contains("wrote prompts/" + name + ".prompt").doesNotContain("does not fit");

        int example = run("-w", workspace.toString(), "render", name, "--example", "--format", "text");
        assertThat(example).as(err.toString()).isZero();
        Path dataset = workspace.resolve("datasets/" + name + ".jsonl");
        if (Files.exists(dataset)) {
            String row = Files.readAllLines(dataset).get(0);
            assertThat(run("-w", workspace.toString(), "render", name, "--input", row)).as(err.toString()).isZero();
        }
        assertThat(err.toString()).doesNotContain("java.", "Exception");
    }

    /** Issue 8, sections 6 and 7: a Prompty chat with a history loop, imported, renders with --example. */
    @Test
    void anImportedHistoryLoopRendersWithExampleValues() throws IOException {
        Files.writeString(file, """
                ---
                name: Chat
                inputs:
                  chat_history:
                    type: array
                sample:
                  chat_history:
                    - role: user
                      content: Hi
                ---
                system:
                Be brief.
                {% for item in chat_history %}
                {{item.role}}:
                {{item.content}}
                {% endfor %}
                """);
        assertThat(run("-w", workspace.toString(), "import", "prompty", file.toString())).isZero();

        int code = run("-w", workspace.toString(), "render", "prompts/chat.prompt", "--example", "--format", "text");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("── system ──", "── user ──");
        assertThat(err.toString()).doesNotContain("java.", "Exception");
    }

    private int run(String... args) {
        return StudioCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
