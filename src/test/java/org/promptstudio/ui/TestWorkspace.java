package org.promptstudio.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small workspace for UI tests: prompts (one with a variant, one broken), a partial, and plain files. */
public final class TestWorkspace {

    /** The line of prompts/broken.prompt that calls a helper that does not exist. */
    public static final int BROKEN_LINE = 7;

    private TestWorkspace() {
    }

    public static Path create(Path root) {
        write(root, "studio.yaml", "# test workspace\n");
        write(root, "prompts/answer.prompt", """
                ---
                name: answer
                description: Answer a customer question.
                model: extractive
                config:
                  temperature: 0.3
                input:
                  schema:
                    question: string, the customer's question
                    customer_name?: string, first name if known
                  default:
                    customer_name: there
                ---
                {{role "system"}}
                You are a support assistant. Start with "Hi {{customer_name}},".
                {{> rules}}
                {{role "user"}}
                {{question}}
                """);
        write(root, "prompts/answer.formal.prompt", """
                ---
                description: The formal voice.
                input:
                  schema:
                    question: string
                ---
                Dear customer, regarding: {{question}}
                """);
        write(root, "prompts/_rules.prompt", "Never invent policy.\n");
        write(root, "prompts/broken.prompt", """
                ---
                name: broken
                description: Calls a helper that does not exist.
                ---
                {{role "system"}}
                Hello.
                {{shout question}}
                """);
        write(root, "prompts/picture.prompt", """
                ---
                input:
                  schema:
                    url: string
                  default:
                    url: https://example.com/cat.png
                ---
                Describe this picture.
                {{media url=url}}
                """);
        write(root, "datasets/questions.jsonl", "{\"question\": \"Where is my order?\"}\n");
        write(root, "experiments/compare.yaml", "prompt: answer\n");
        write(root, "docs/faq.md", "# FAQ\nShipping takes two days.\n");
        write(root, "docs/guides/setup.md", "# Setup\nPlug it in.\n");
        return root;
    }

    private static void write(Path root, String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
