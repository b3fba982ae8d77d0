package org.promptstudio.testsupport;

import static org.promptstudio.testsupport.GitCli.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.app.Studio;

/**
 * Set-up the use-case and view-model tests share: a new workspace committing as Ada Lovelace with the models the test
 * names, and the files several tests write alike (the chat prompt, the weather tool).
 */
public final class Workspaces {

    /**
     * A chat prompt with a system line and {@code {{history}}} where the conversation goes (dotprompt
     * spec/history.yaml, basic_history).
     */
    public static final String CHAT_PROMPT = """
            ---
            input: { schema: { topic: string } }
            ---
            {{role "system"}}You answer questions about {{topic}}.
            {{history}}
            """;

    private Workspaces() {
    }

    /**
     * Creates a workspace in {@code dir} ({@code Studio.init}), sets the git identity Ada Lovelace and writes
     * {@code studio.yaml} as {@code name: NAME} followed by {@code models:} and {@code models}.
     *
     * @param models the {@code models:} list of studio.yaml, indented as in the file
     */
    public static void init(Path dir, String name, String models) {
        Studio.init(dir, "Test");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        write(dir, "studio.yaml", "name: " + name + "\nmodels:\n" + models);
    }

    /**
     * An entry of studio.yaml's {@code models:} list: the model {@code id} ({@code model} on the wire) of an
     * {@code openai-compatible} server at {@code serverUrl} (e.g. {@link OpenAiChatServer#url()}; {@code /v1} added).
     */
    public static String openAiModel(String id, String model, String serverUrl) {
        return "  - id: " + id + "\n    provider: openai-compatible\n    model: " + model + "\n    baseUrl: " + serverUrl
                + "/v1\n";
    }

    /**
     * Creates the sample workspace {@code sample} in {@code root} ({@code Studio.initFromSample}), sets the git identity
     * Ada Lovelace and adds {@code models} to the end of its {@code studio.yaml} (whose models list comes last).
     *
     * @param models entries of the {@code models:} list, indented as in the file
     */
    public static void fromSample(Path root, String sample, String models) {
        Studio.initFromSample(sample, root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        try {
            Files.writeString(root.resolve("studio.yaml"), Files.readString(root.resolve("studio.yaml")) + models);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the tool {@code weather} (required string {@code city}), the prompt {@code ask} that offers it ("Weather
     * in {{city}}?") and the dataset {@code cities}: paris, with the tool's result {@code {"temp": 21}} given by the
     * case (decision 0085), and oslo without one.
     */
    public static void weatherTool(Path dir) {
        write(dir, "tools/weather.yaml", WEATHER_TOOL);
        write(dir, "prompts/ask.prompt", """
                ---
                tools: [weather]
                ---
                Weather in {{city}}?
                """);
        write(dir, "datasets/cities.jsonl", """
                {"id": "paris", "city": "Paris", "tool_results": {"weather": {"temp": 21}}}
                {"id": "oslo", "city": "Oslo"}
                """);
    }

    /** The tool {@code weather}: a required string {@code city}; its result may be text (no outputSchema). */
    public static final String WEATHER_TOOL = """
            description: Current weather in a city
            inputSchema:
              type: object
              properties:
                city: { type: string }
              required: [city]
            """;

    /**
     * The playground's tool workspace: models {@code local} and {@code local2} (both {@code local-llm} of
     * {@code server}, whose script calls the tools) and the offline {@code echo}; the tools {@code weather}
     * ({@link #WEATHER_TOOL}) and {@code forecast} (its result a JSON object by its outputSchema, {@code temp}
     * a number); the prompt {@code chat} offering both, its conversation at {@code {{history}}}.
     */
    public static void toolChat(Path dir, ToolCallServer server) {
        init(dir, "tools", openAiModel("local", "local-llm", server.url()) + openAiModel("local2", "local-llm",
                server.url()) + "  - id: echo\n    provider: echo\n");
        write(dir, "tools/weather.yaml", WEATHER_TOOL);
        write(dir, "tools/forecast.yaml", """
                description: Tomorrow's weather in a city
                inputSchema:
                  properties:
                    city: { type: string }
                outputSchema:
                  type: object
                  properties:
                    temp: { type: number }
                """);
        write(dir, "prompts/chat.prompt", """
                ---
                tools: [weather, forecast]
                ---
                {{role "system"}}You answer about the weather.
                {{history}}
                """);
    }

    /** Writes {@code text} to {@code path} below {@code dir}, making its folders. */
    public static void write(Path dir, String path, String text) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
