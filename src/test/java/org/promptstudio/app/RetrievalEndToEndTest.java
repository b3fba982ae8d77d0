package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.model.CallRecord;
import org.promptstudio.provider.CachePolicy;

/**
 * End to end with the real index (decision 0140): the support-assistant sample's docs indexed, `rag-grounded` run with
 * the built-in extractive model through Studio's own retriever, every call given chunks from the index, citing them,
 * and its cites-sources checks passing.
 */
class RetrievalEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theSampleAnswersFromIndexedChunksAndCitesThem() throws Exception {
        Path root = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        try (Studio studio = Studio.open(root)) {
            assertThat(studio.documents().index(false, null).added()).isEqualTo(30);
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
