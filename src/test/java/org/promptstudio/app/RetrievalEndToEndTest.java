package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.index.ChunkStore;
import org.promptstudio.index.Chunker;
import org.promptstudio.index.ChunkingSettings;
import org.promptstudio.index.DocumentEntry;
import org.promptstudio.index.DocumentReader;
import org.promptstudio.index.IndexedChunk;
import org.promptstudio.index.SourceDocument;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Embeddings;

/**
 * End to end with the real index (decision 0140): the support-assistant sample's docs indexed, `rag-grounded` run with
 * the built-in extractive model through Studio's own retriever, every call given chunks from the index, citing them,
 * and its cites-sources checks passing.
 *
 * <p>LEAD AT MERGE: enable it once the Lucene ChunkStore (L1) is in, and the reader and chunker (C): the scaffold
 * store keeps nothing between opens, so on branch r14retrieve the run finds an empty index. With app/Documents (L2)
 * merged, the indexing below may become {@code studio.documents().index(false, p -> { })}.
 */
@Disabled("LEAD AT MERGE: needs the Lucene ChunkStore (L1), reader and chunker (C); see the class comment")
class RetrievalEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theSampleAnswersFromIndexedChunksAndCitesThem() throws Exception {
        Path root = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        DocumentReader reader = new DocumentReader();
        Chunker chunker = new Chunker(ChunkingSettings.DEFAULT);
        try (ChunkStore store = ChunkStore.open(root.resolve(".studio/index"));
             Stream<Path> files = Files.list(root.resolve("docs"))) {
            for (Path file : files.sorted().toList()) {
                if (!reader.handles(file)) continue;
                SourceDocument doc = reader.read(root, file);
                List<Chunk> chunks = chunker.chunk(doc);
                List<float[]> vectors = Embeddings.shared().embedAll(chunks.stream().map(Chunk::text).toList());
                List<IndexedChunk> indexed = new ArrayList<>();
                for (int i = 0; i < chunks.size(); i++) indexed.add(new IndexedChunk(chunks.get(i), vectors.get(i), null, null));
                store.replaceDocument(new DocumentEntry(doc.path(), doc.title(), doc.modified(), doc.contentHash(),
                        doc.format()), indexed);
            }
            store.commit();
        }
        try (Studio studio = Studio.open(root)) {
            Experiments experiments = studio.experiments();
            var plan = experiments.plan(experiments.read("rag-grounded"), null, 4, Experiments.miniLm());
            var outcome = experiments.run(plan, null, studio.runner(studio.models(CachePolicy.AUTO)),
                    studio.runRepository(), studio.callRepository(), org.promptstudio.experiment.ExperimentRunner.Progress.NONE,
                    new org.promptstudio.provider.Cancellation());
            long runId = outcome.runId();
            List<CallRecord> calls = studio.callRepository().inRunWithAnswers(runId);
            assertThat(calls).hasSize(4).allSatisfy(c -> {
                assertThat(c.error()).isNull();
                assertThat(c.context()).hasSize(4);
                assertThat(c.context().get(0).source()).startsWith("docs/");
                assertThat(c.texts().output()).containsPattern("\\[[1-4]]");
            });
            List<CaseResult> results = studio.evaluation().evaluateRun(runId);
            assertThat(results).allSatisfy(r -> assertThat(r.assertions().get(0).pass())
                    .as(r.assertions().get(0).reason()).isTrue());
        }
    }
}
