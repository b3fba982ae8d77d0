package org.promptstudio.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run-budget tests' workspace files, written into a workspace that exists already ({@code studio init}): a
 * {@code studio.yaml} with a priced echo model {@code dear-echo} ($1 a token, so a money cap bites offline) and one
 * {@code openai-compatible} model on a local server, the prompt {@code solve} (temperature 0, at most 4 tokens), and
 * the dataset {@code sums} of "What is i + i?" questions. Experiments are one line each: {@link #experiment}.
 */
public final class SumsWorkspace {

    private SumsWorkspace() {
    }

    /**
     * @param dir     the workspace folder
     * @param name    the workspace's name in studio.yaml
     * @param modelId the id of the model on the local server
     * @param model   the model name sent to the server
     * @param baseUrl the server's address, without {@code /v1}
     * @param cases   how many rows {@code datasets/sums.jsonl} gets
     */
    public static void write(Path dir, String name, String modelId, String model, String baseUrl, int cases)
            throws IOException {
        Files.writeString(dir.resolve("studio.yaml"), """
                name: %s
                models:
                  - id: dear-echo
                    provider: echo
                    pricing: { inputPerMillion: 1000000, outputPerMillion: 1000000 }
                """.formatted(name) + Workspaces.openAiModel(modelId, model, baseUrl));
        Files.writeString(dir.resolve("prompts/solve.prompt"), """
                ---
                config: { temperature: 0, maxOutputTokens: 4 }
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= cases; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" + ").append(i).append("?\"}\n");
        }
        Files.writeString(dir.resolve("datasets/sums.jsonl"), rows.toString());
    }

    /**
     * Writes {@code experiments/NAME.yaml}: the prompt solve on the dataset sums with {@code model}.
     *
     * @param concurrency calls at once, or 0 to leave the experiment's default
     */
    public static void experiment(Path dir, String name, String model, int concurrency) throws IOException {
        Files.writeString(dir.resolve("experiments/" + name + ".yaml"), "prompts: [solve]\nmodels: [" + model
                + "]\ndataset: sums\n" + (concurrency > 0 ? "concurrency: " + concurrency + "\n" : ""));
    }
}
