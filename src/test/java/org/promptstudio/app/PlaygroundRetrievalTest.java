package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.Workspaces;

/**
 * A prompt with {@code retrieve:} in the playground (decision 0140): each turn is given the chunks of the real
 * document index, as a compare cell is, and the call records them, also once the session is saved as a run.
 */
class PlaygroundRetrievalTest {

    @TempDir
    Path dir;

    private static final String RAG = """
            ---
            retrieve: {query: "{{question}}", k: 2, mode: bm25}
            input: { schema: { question: string } }
            ---
            {{role "system"}}Answer from these passages only:
            {{#each context}}[{{n}}] {{text}} ({{source}})
            {{/each}}
            {{history}}
            """;

    @Test
    void aTurnIsGivenTheRetrievedChunksAndItsCallRecordsThem() {
        Workspaces.init(dir, "rag", "  - id: echo\n    provider: echo\n");
        Workspaces.write(dir, "prompts/rag.prompt", RAG);
        Workspaces.write(dir, "docs/refunds.md", "# Refunds\n\nRefunds are paid within 14 days of the return.\n");
        Workspaces.write(dir, "docs/shipping.md", "# Shipping\n\nShipping is free above 50 euros.\n");
        try (Studio studio = Studio.open(dir)) {
            Playground playground = studio.playground(studio.models(CachePolicy.OFF));
            Playground.Session before = playground.open("rag", null, List.of("echo"), Map.of("question", "refunds paid"));
            Playground.Reply none = playground.send(before, "When?", null, new Cancellation()).replies().get(0);
            assertThat(none.error()).isEqualTo("no document index: run `studio index`");

            assertThat(studio.documents().index(false, null).added()).isEqualTo(2);
            Playground.Session s = playground.open("rag", null, List.of("echo"), Map.of("question", "refunds paid"));
            Playground.Reply reply = playground.send(s, "When?", null, new Cancellation()).replies().get(0);

            assertThat(reply.error()).isNull();
            assertThat(reply.call().context()).extracting(ContextChunk::n, ContextChunk::source)
                    .first().isEqualTo(org.assertj.core.groups.Tuple.tuple(1, "docs/refunds.md"));
            assertThat(reply.call().texts().messagesJson())
                    .contains("[1] Refunds").contains("Refunds are paid within 14 days of the return. (docs/refunds.md)");

            long runId = playground.saveAsRun(s, null).runId();
            List<CallRecord> saved = StudioParts.calls(studio).inRunWithAnswers(runId);
            assertThat(saved).hasSize(1);
            assertThat(saved.get(0).context()).isEqualTo(reply.call().context());
        }
    }
}
