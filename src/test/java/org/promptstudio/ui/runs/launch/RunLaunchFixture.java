package org.promptstudio.ui.runs.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.app.Studio;

/** The launcher tests' workspace: five sums, a priced echo model ($1 a token) and a model on a local server. */
final class RunLaunchFixture {

    private RunLaunchFixture() {
    }

    static void workspace(Path dir, int port) throws Exception {
        Studio.init(dir, "launch");
        Files.writeString(dir.resolve("studio.yaml"), """
                name: launch
                models:
                  - id: dear-echo
                    provider: echo
                    pricing: { inputPerMillion: 1000000, outputPerMillion: 1000000 }
                  - id: held
                    provider: openai-compatible
                    model: held-llm
                    baseUrl: http://127.0.0.1:%d/v1
                """.formatted(port));
        Files.writeString(dir.resolve("prompts/solve.prompt"),
                "---\nconfig: { temperature: 0, maxOutputTokens: 4 }\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= RunLaunchViewModelTest.CASES; i++) {
            rows.append("{\"question\": \"What is ").append(i).append(" + ").append(i).append("?\"}\n");
        }
        Files.writeString(dir.resolve("datasets/sums.jsonl"), rows.toString());
        Files.writeString(dir.resolve("experiments/dear.yaml"), "prompts: [solve]\nmodels: [dear-echo]\ndataset: sums\nconcurrency: 2\n");
        Files.writeString(dir.resolve("experiments/held.yaml"), "prompts: [solve]\nmodels: [held]\ndataset: sums\nconcurrency: 1\n");
    }
}
