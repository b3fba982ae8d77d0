package org.promptstudio.ui;

import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Path;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.Workspaces;

/** A small workspace for UI tests: prompts (one with a variant, one broken), a partial, and plain files. */
public final class TestWorkspace {

    /** The line of prompts/broken.prompt that calls a helper that does not exist. */
    public static final int BROKEN_LINE = 7;

    private TestWorkspace() {
    }

    public static Path create(Path root) {
        Workspaces.write(root, "studio.yaml", "# test workspace\n");
        Workspaces.write(root, "prompts/answer.prompt", """
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
        Workspaces.write(root, "prompts/answer.formal.prompt", """
                ---
                description: The formal voice.
                input:
                  schema:
                    question: string
                ---
                Dear customer, regarding: {{question}}
                """);
        Workspaces.write(root, "prompts/_rules.prompt", "Never invent policy.\n");
        Workspaces.write(root, "prompts/broken.prompt", """
                ---
                name: broken
                description: Calls a helper that does not exist.
                ---
                {{role "system"}}
                Hello.
                {{shout question}}
                """);
        Workspaces.write(root, "prompts/picture.prompt", """
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
        Workspaces.write(root, "datasets/questions.jsonl", "{\"question\": \"Where is my order?\"}\n");
        Workspaces.write(root, "experiments/compare.yaml", "prompt: answer\n");
        Workspaces.write(root, "docs/faq.md", "# FAQ\nShipping takes two days.\n");
        Workspaces.write(root, "docs/guides/setup.md", "# Setup\nPlug it in.\n");
        return root;
    }

    /**
     * {@link #create} in a new workspace at {@code root} ({@code Studio.init}), committed in git by Ada Lovelace, and
     * opened: the set-up of the window tests that edit files.
     */
    public static Studio committed(Path root) {
        Studio.init(root, "Test");
        create(root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        git(root, "add", "-A");
        git(root, "commit", "-q", "-m", "Test workspace");
        return Studio.open(root);
    }
}
