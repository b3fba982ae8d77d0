package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.SearchMode;

/**
 * {@code studio eval-retrieval}'s figures on a real workspace index: questions whose words name one document each
 * are found first by every mode (recall and MRR 1), a relevant document missing from the index counts as not found
 * and is named, rows without relevant documents are left out with their line.
 */
class RetrievalEvaluationTest {

    @TempDir
    Path tmp;
    Path ws;
    Studio studio;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        Studio.init(ws, "Test");
        write("docs/zeppelins.md", "# Zeppelins\n\nThe zeppelin hangar opens at dawn for airship tours.\n");
        write("docs/wombats.txt", "Wombats dig deep burrows in the hills of Tasmania.\n");
        write("docs/refunds.md", "# Refunds\n\nRefunds are paid to the original card within fourteen days.\n");
        studio = Studio.open(ws);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(ws.resolve(path).getParent());
        Files.writeString(ws.resolve(path), text);
    }

    @Test
    void distinctiveQuestionsAreFoundFirstByEveryModeAndAMissingDocumentCountsAsNotFound() throws IOException {
        write("datasets/retrieval-questions.jsonl", String.join("\n",
                "{\"question\": \"When does the zeppelin hangar open?\", \"relevant\": [\"docs/zeppelins.md\"]}",
                "{\"question\": \"Where do wombats dig their burrows?\", \"relevant\": [\"docs/wombats.txt\"]}",
                "{\"question\": \"How long until refunds are paid?\", \"relevant\": [\"docs/refunds.md\", \"docs/gone.md\"]}",
                "{\"question\": \"A row without its documents\"}", ""));
        studio.documents().index(false, null);

        RetrievalEvaluation.Report r = studio.retrievalEvaluation().evaluate(null, 5);

        assertThat(r.dataset()).isEqualTo("datasets/retrieval-questions.jsonl");
        assertThat(r.questions()).hasSize(3);
        assertThat(r.documents()).isEqualTo(3);
        assertThat(r.modes()).extracting(RetrievalEvaluation.ModeFigures::mode)
                .containsExactly(SearchMode.BM25, SearchMode.VECTOR, SearchMode.HYBRID);
        for (RetrievalEvaluation.ModeFigures m : r.modes()) {
            // each question's first document is relevant: MRR 1; recall@1 is 1, 1 and 1/2 (two relevant, one found)
            assertThat(m.mrr().value()).as(m.mode() + " MRR").isEqualTo(1.0);
            assertThat(m.recallAt1().value()).as(m.mode() + " recall@1").isEqualTo((1 + 1 + 0.5) / 3);
            assertThat(m.recallAtK().value()).as(m.mode() + " recall@5").isEqualTo((1 + 1 + 0.5) / 3);
        }
        assertThat(r.questions()).allSatisfy(q -> assertThat(q.firstRelevant()).containsExactly(1, 1, 1));
        assertThat(r.hybridVsBest().value()).isZero();
        assertThat(r.problems()).singleElement().asString()
                .isEqualTo("datasets/retrieval-questions.jsonl:4: no 'relevant' documents");
        assertThat(r.notes()).singleElement().asString().contains("docs/gone.md");
    }

    @Test
    void aFileTheIndexSkippedIsNoChangeInALaterStudio() throws IOException {
        // the trial: a binary .md skipped by `studio index` made the next command note "1 document has changed"
        Files.write(ws.resolve("docs/binary.md"), new byte[] {'#', ' ', 0, 1, 2, 0, 'x'});
        write("datasets/retrieval-questions.jsonl",
                "{\"question\": \"When does the zeppelin hangar open?\", \"relevant\": [\"docs/zeppelins.md\"]}\n");
        assertThat(studio.documents().index(false, null).skipped()).extracting(s -> s.path())
                .containsExactly("docs/binary.md");
        studio.close();
        studio = Studio.open(ws);

        assertThat(studio.documents().documents()).filteredOn(d -> d.path().equals("docs/binary.md"))
                .singleElement().satisfies(d -> {
                    assertThat(d.status()).isEqualTo(Documents.Status.SKIPPED);
                    assertThat(d.reason()).contains("binary");
                });
        assertThat(studio.retrievalEvaluation().evaluate(null, 5).notes()).isEmpty();

        write("docs/binary.md", "# Now text\n\nA readable page.\n");
        assertThat(studio.documents().documents()).filteredOn(d -> d.path().equals("docs/binary.md"))
                .singleElement().extracting(Documents.DocumentStatus::status).isEqualTo(Documents.Status.NEW);
    }

    @Test
    void aMissingDatasetAnEmptyIndexAndABadKAreOneLineErrors() throws IOException {
        assertThatThrownBy(() -> studio.retrievalEvaluation().evaluate("nope", 5)).isInstanceOf(IndexException.class)
                .hasMessageStartingWith("datasets/nope.jsonl: not found");
        write("datasets/retrieval-questions.jsonl",
                "{\"question\": \"When does the hangar open?\", \"relevant\": \"docs/zeppelins.md\"}\n");
        assertThatThrownBy(() -> studio.retrievalEvaluation().evaluate(null, 5)).isInstanceOf(IndexException.class)
                .hasMessageContaining("studio index");
        assertThatThrownBy(() -> studio.retrievalEvaluation().evaluate(null, 0)).isInstanceOf(IndexException.class)
                .hasMessage("eval-retrieval: k must be at least 1, not 0");
        write("datasets/empty-questions.jsonl", "{\"question\": \"no documents named\"}\n");
        studio.documents().index(false, null);
        assertThatThrownBy(() -> studio.retrievalEvaluation().evaluate("empty-questions", 5))
                .isInstanceOf(IndexException.class)
                .hasMessageStartingWith("datasets/empty-questions.jsonl: no row has both");
    }

    @Test
    void theCompressionSweepLosesAnAnswerInASecondSentenceOnlyWhenTheThresholdKeepsJustTheBestOne() throws IOException {
        write("docs/zeppelins.md", "# Zeppelins\n\nThe zeppelin hangar opens at dawn for airship tours. "
                + "Bring twelve euros in cash.\n");
        write("datasets/retrieval-questions.jsonl", String.join("\n",
                // the answer sits in the chunk's second sentence, further from the question than the first
                "{\"question\": \"When does the zeppelin hangar open for airship tours?\", "
                        + "\"relevant\": [\"docs/zeppelins.md\"], \"answer\": \"twelve  EUROS\"}",
                "{\"question\": \"Where do wombats dig their burrows?\", \"relevant\": [\"docs/wombats.txt\"], "
                        + "\"answer\": \"hills of Tasmania\"}",
                "{\"question\": \"How long until refunds are paid?\", \"relevant\": [\"docs/refunds.md\"]}",
                "{\"question\": \"What colour are the zeppelins?\", \"relevant\": [\"docs/zeppelins.md\"], "
                        + "\"answer\": \"purple with stripes\"}", ""));
        studio.documents().index(false, null);

        RetrievalEvaluation.CompressionReport r = studio.retrievalEvaluation().compression(null, List.of(-1.0, 1.0));

        assertThat(r.k()).isEqualTo(4);
        assertThat(r.questions()).as("rows with an answer").isEqualTo(3);
        assertThat(r.answerInContext()).isEqualTo(2);
        assertThat(r.notInContext()).containsExactly("retrieval-questions:4");
        assertThat(r.notes()).containsExactly("1 row has no 'answer' and is left out of the compression figures");
        assertThat(r.tokens()).isPositive();
        RetrievalEvaluation.ThresholdFigures all = r.thresholds().get(0);
        RetrievalEvaluation.ThresholdFigures best = r.thresholds().get(1);
        // every sentence kept: both answers stay, and the tokens are the chunks' own (but for line breaks joined)
        assertThat(all.retained()).isEqualTo(2);
        assertThat(all.lost()).isEmpty();
        assertThat(all.tokenShare()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(all.retainedShare().value()).isEqualTo(1.0);
        assertThat(all.retainedShare().low()).isEqualTo(org.promptstudio.eval.Statistics.wilson(2, 2).low());
        // only each chunk's best sentence: the zeppelin answer goes, the wombat answer (its only sentence) stays
        assertThat(best.retained()).isEqualTo(1);
        assertThat(best.lost()).containsExactly("retrieval-questions:1");
        assertThat(best.retainedShare().value()).isEqualTo(0.5);
        assertThat(best.tokenShare()).isLessThan(all.tokenShare()).isPositive();
        assertThat(best.tokensKept()).isLessThan(best.tokens());
    }

    @Test
    void aSweepNeedsRowsWithAnAnswerAndThresholdsFromMinusOneToOne() throws IOException {
        write("datasets/retrieval-questions.jsonl",
                "{\"question\": \"When does the zeppelin hangar open?\", \"relevant\": [\"docs/zeppelins.md\"]}\n");
        studio.documents().index(false, null);
        assertThatThrownBy(() -> studio.retrievalEvaluation().compression(null, null))
                .isInstanceOf(IndexException.class)
                .hasMessageStartingWith("datasets/retrieval-questions.jsonl: no row has an 'answer'");
        assertThatThrownBy(() -> studio.retrievalEvaluation().compression(null, List.of(0.3, 1.5)))
                .isInstanceOf(IndexException.class)
                .hasMessage("eval-retrieval: a compression threshold is a cosine similarity from -1 to 1, not 1.5");
        // the same rows still serve recall and MRR
        assertThat(studio.retrievalEvaluation().evaluate(null, 5).questions()).hasSize(1);
    }

    @Test
    void relevantPathsMayBeAListOnePathOrCommaSeparatedText() {
        assertThat(RetrievalEvaluation.paths(List.of("docs/a.md", " ./docs/b.md "))).containsExactly("docs/a.md",
                "docs/b.md");
        assertThat(RetrievalEvaluation.paths("docs/a.md, docs\\b.md,,docs/a.md")).containsExactly("docs/a.md",
                "docs/b.md");
        assertThat(RetrievalEvaluation.paths(null)).isEmpty();
    }
}
