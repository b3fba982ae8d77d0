package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.index.SearchMode;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.RetrievedChunk;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.store.CallQuery;
import org.promptstudio.store.Database;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;

/**
 * {@code retrieve:} in a prompt's front matter and in an experiment (decision 0140): the runner renders the query
 * with the case, fills the input with the chunks a retriever gives (here a fixed list: the index is another part),
 * and records which chunks each call was given, in a real H2 file.
 */
class RetrievalInPromptsTest {

    @TempDir
    Path state;
    Database db;
    long runId;

    private static final String RAG = """
            ---
            retrieve: {query: "{{question}} policy", k: 2, mode: bm25, path: docs/}
            input:
              schema:
                question: string
            ---
            {{#each context}}[{{n}}] {{text}} ({{source}})
            {{/each}}Q: {{question}}
            """;

    /** A retriever over a fixed list that keeps what it was asked. */
    static final class FixedRetriever implements Retriever {
        final List<RetrievedChunk> chunks;
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        FixedRetriever(List<RetrievedChunk> chunks) {
            this.chunks = chunks;
        }

        @Override
        public List<RetrievedChunk> retrieve(String query, int k, SearchMode mode, String pathPrefix) {
            asked.add(query + " | " + k + " | " + mode + " | " + pathPrefix);
            return chunks.stream().filter(c -> pathPrefix == null || c.source().startsWith(pathPrefix)).limit(k).toList();
        }
    }

    static final List<RetrievedChunk> KB = List.of(
            new RetrievedChunk("docs/refunds.md#0", "docs/refunds.md", 0, "Refunds", List.of("Refunds", "Timing"),
                    "Refunds are paid within 14 days.", 0.9),
            new RetrievedChunk("docs/shipping-policy.md#3", "docs/shipping-policy.md", 3, "Shipping", List.of(),
                    "Shipping is free above 50 euros.", 0.5),
            new RetrievedChunk("docs/warranty.md#1", "docs/warranty.md", 1, "Warranty", List.of(),
                    "The warranty lasts two years.", 0.4));

    /** Answers with the whole prompt it was sent, so a test sees what the template rendered. */
    static final class Echo implements ModelProvider {
        final List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public ChatResult chat(ChatRequest request, org.promptstudio.provider.StreamListener listener) {
            String text = String.join("\n", request.messages().stream().map(Message::text).toList());
            prompts.add(text);
            return new ChatResult(text, "stop", new ChatResult.Usage(10, 10, false), 1, 1L, "echo");
        }
    }

    @BeforeEach
    void open() {
        db = Database.open(state);
        runId = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "t", "experiments/t.yaml", null)).id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ExperimentRunner runner(ModelProvider provider, Retriever retriever) {
        ModelRef m = ModelRef.of("m", "echo", "e");
        return new ExperimentRunner(new PromptRenderer(), new ExperimentRunner.Models() {
            @Override
            public ModelRef ref(String id) {
                return m;
            }

            @Override
            public ModelProvider provider(String id) {
                return provider;
            }
        }, db.calls()).withRetriever(retriever);
    }

    private static RunPlan plan(String prompt, ExperimentSpec spec) {
        return plan(prompt, spec, Map.of("question", "refund"));
    }

    private static RunPlan plan(String prompt, ExperimentSpec spec, Map<String, Object> input) {
        RunPlan.Prompt p = new RunPlan.Prompt("rag", "prompts/rag.prompt", "abc1234", null,
                PromptParser.parse(prompt, "prompts/rag.prompt"));
        List<RunPlan.Case> cases = List.of(new RunPlan.Case("d:1", input, Map.of()));
        return new RunPlan(spec, List.of(p), cases, RunPlan.cells(List.of(p), cases, spec.models(), 1), null);
    }

    private static ExperimentSpec spec(String yamlRetrieve) {
        String text = "prompts: [rag]\nmodels: [m]\ninputs:\n  - {question: refund}\n"
                + (yamlRetrieve == null ? "" : yamlRetrieve);
        return new ExperimentSpecReader().parse(text, "t", "experiments/t.yaml");
    }

    private List<CallRecord> run(ExperimentRunner runner, RunPlan plan) {
        runner.run(plan, runId, Set.of(), 1, ExperimentRunner.Progress.NONE, new Cancellation());
        List<CallRecord> out = new ArrayList<>();
        for (CallRecord c : db.calls().list(new CallQuery(runId, null, 10))) out.add(db.calls().find(c.id()).orElseThrow());
        return out;
    }

    @Test
    void thePromptsRetrieveFillsItsContextAndTheCallRecordsTheChunks() {
        Echo echo = new Echo();
        FixedRetriever retriever = new FixedRetriever(KB);
        List<CallRecord> calls = run(runner(echo, retriever), plan(RAG, spec(null)));
        assertThat(retriever.asked).containsExactly("refund policy | 2 | BM25 | docs/");
        assertThat(echo.prompts.get(0)).isEqualTo("[1] Refunds are paid within 14 days. (docs/refunds.md)\n"
                + "[2] Shipping is free above 50 euros. (docs/shipping-policy.md)\nQ: refund");
        CallRecord call = calls.get(0);
        assertThat(call.status()).isEqualTo(CallStatus.OK);
        assertThat(call.context()).containsExactly(
                new ContextChunk(1, "docs/refunds.md#0", "docs/refunds.md", 0, 0.9, "Refunds are paid within 14 days."),
                new ContextChunk(2, "docs/shipping-policy.md#3", "docs/shipping-policy.md", 3, 0.5,
                        "Shipping is free above 50 euros."));
        // a listing reads the chunks too (the scoreboard judges from it)
        assertThat(db.calls().inRunWithAnswers(runId).get(0).context()).hasSize(2);
    }

    @Test
    void aTemplateShowingAtIndexRecordsTheNumbersFromZero() {
        String zeroBased = RAG.replace("[{{n}}]", "[{{@index}}]").replace("k: 2", "k: 3");
        Echo echo = new Echo();
        CallRecord call = run(runner(echo, new FixedRetriever(KB)), plan(zeroBased, spec(null))).get(0);
        assertThat(echo.prompts.get(0)).startsWith("[0] Refunds are paid").contains("[2] The warranty lasts two years.");
        assertThat(call.context()).extracting(ContextChunk::n).containsExactly(0, 1, 2);
    }

    @Test
    void theExperimentsRetrieveReplacesThePrompts() {
        String prompt = RAG.replace("{{#each context}}", "{{#each passages}}{{@index}}:{{title}}/{{headings.[1]}} ");
        FixedRetriever retriever = new FixedRetriever(KB);
        Echo echo = new Echo();
        ExperimentSpec spec = spec("retrieve:\n  query: \"{{question}}\"\n  k: 1\n  into: passages\n");
        assertThat(spec.retrieve()).isEqualTo(new RetrieveSpec("{{question}}", 1, SearchMode.HYBRID, "passages", false, null));
        CallRecord call = run(runner(echo, retriever), plan(prompt, spec)).get(0);
        assertThat(retriever.asked).containsExactly("refund | 1 | HYBRID | null");
        assertThat(echo.prompts.get(0)).startsWith("0:Refunds/Timing [1] Refunds are paid within 14 days.");
        assertThat(call.context()).hasSize(1);
    }

    @Test
    void withoutAnIndexTheCellFailsSayingHowToBuildOne() {
        Echo echo = new Echo();
        CallRecord call = run(runner(echo, Retriever.NONE), plan(RAG, spec(null))).get(0);
        assertThat(call.status()).isEqualTo(CallStatus.ERROR);
        assertThat(call.error()).isEqualTo("no document index: run `studio index`");
        assertThat(echo.prompts).isEmpty();
    }

    @Test
    void noHitIsAnEmptyContextNotAFailure() {
        Echo echo = new Echo();
        CallRecord call = run(runner(echo, new FixedRetriever(List.of())), plan(RAG, spec(null))).get(0);
        assertThat(call.status()).isEqualTo(CallStatus.OK);
        assertThat(echo.prompts.get(0)).isEqualTo("Q: refund");
        assertThat(call.context()).isEmpty();
        // sent, but it says so: the record (and a listing) carries the note the grid and the command line show
        assertThat(call.retrievalNote()).isEqualTo("retrieval found no chunk for query \"refund policy\" under docs/");
        assertThat(db.calls().inRunWithAnswers(runId).get(0).retrievalNote()).isEqualTo(call.retrievalNote());
        CallRecord found = run(runner(echo, new FixedRetriever(KB)), plan(RAG, spec(null))).stream()
                .filter(c -> !c.context().isEmpty()).findFirst().orElseThrow();
        assertThat(found.retrievalNote()).isNull();
    }

    @Test
    void aQueryRenderingEmptyFailsTheCellNamingTheRetrieveLineAndTheMissingInput() {
        String prompt = RAG.replace("\"{{question}} policy\"", "\"{{question}} {{topic}}\"");
        Echo echo = new Echo();
        CallRecord call = run(runner(echo, new FixedRetriever(KB)), plan(prompt, spec(null), Map.of("question", " ")))
                .get(0);
        assertThat(call.status()).isEqualTo(CallStatus.ERROR);
        assertThat(call.error()).isEqualTo("prompts/rag.prompt:2: retrieve.query \"{{question}} {{topic}}\" renders"
                + " empty for this case (input 'question', 'topic' are missing or empty), so there is nothing to"
                + " search for");
        assertThat(echo.prompts).isEmpty();
        // the experiment's retrieve: replaced the prompt's: the prompt's retrieve: line is not the place
        ExperimentSpec spec = spec("retrieve: \"{{topic}}\"\n");
        List<CallRecord> both = run(runner(echo, new FixedRetriever(KB)), plan(RAG, spec));
        assertThat(both).hasSize(2);
        CallRecord replaced = both.stream().filter(c -> c.error().contains("query \"{{topic}}\"")).findFirst()
                .orElseThrow();
        assertThat(replaced.error()).startsWith("prompts/rag.prompt: retrieve.query \"{{topic}}\" renders empty")
                .contains("(input 'topic' is missing or empty)");
    }

    @Test
    void aBadRetrieveInAPromptIsNamedWithItsLineAndColumn() {
        String bad = RAG.replace("k: 2", "k: 0");
        RunPlan plan = plan(bad, spec(null));
        ExperimentRunner runner = runner(new Echo(), new FixedRetriever(KB));
        assertThat(runner.templateProblems(plan.cells().get(0)))
                .containsExactly("prompts/rag.prompt:2:42: 'retrieve.k' must be a whole number from 1 to 1000, found '0'");
        PlanCheck check = PlanCheck.of(plan, runner);
        assertThat(check.unrenderable()).hasSize(1);
        assertThat(check.unrenderable().get(0).reason()).contains("prompts/rag.prompt:2:42: 'retrieve.k'");
        String noQuery = """
                ---
                retrieve:
                  k: 3
                ---
                Q
                """;
        assertThatThrownBy(() -> RetrieveSpec.ofPrompt(PromptParser.parse(noQuery, "prompts/x.prompt")))
                .hasMessage("prompts/x.prompt:2:1: 'retrieve' needs a 'query': a template such as \"{{question}}\"");
    }

    @Test
    void aBadRetrieveInAnExperimentIsNamedWithItsLineAndColumn() {
        assertThatThrownBy(() -> spec("retrieve: {query: \"{{question}}\", mode: fuzzy}\n"))
                .hasMessage("experiments/t.yaml:5:35: 'retrieve.mode' must be bm25, vector or hybrid, found 'fuzzy'");
        assertThatThrownBy(() -> spec("retrieve:\n  query: q\n  top: 3\n"))
                .hasMessage("experiments/t.yaml:7:3: unknown key 'retrieve.top' (known: compress, into, k, mode, path, query)");
        assertThatThrownBy(() -> spec("retrieve:\n  k: 2\n"))
                .hasMessage("experiments/t.yaml:5: 'retrieve' needs a 'query': a template such as \"{{question}}\"");
        assertThatThrownBy(() -> spec("retrieve: {query: q, compress: yes}\n"))
                .hasMessageStartingWith("experiments/t.yaml:5:22: 'retrieve.compress' must be true or false");
        assertThatThrownBy(() -> spec("retrieve: {query: \"{{lower question}} now\", into: question}\n"))
                .hasMessageStartingWith("experiments/t.yaml:5:").hasMessageEndingWith("'retrieve.into' names "
                        + "'question', which the query reads: the chunks would take its place; use another name such as context");
        // a word of the query's text, or another input's field, is not the query reading it
        spec("retrieve: {query: \"question: {{user.question}} {{questions}}\", into: question}\n");
    }

    @Test
    void aPlanCheckNeedsNoIndexAndCountsTheContextAsGiven() {
        RunPlan plan = plan(RAG, spec(null));
        PlanCheck check = PlanCheck.of(plan, runner(new Echo(), Retriever.NONE));
        assertThat(check.clean()).as(check.lines().toString()).isTrue();
    }

    @Test
    void compressionKeepsTheSentencesCloseToTheQuery() {
        String chunk = "Refunds are paid back to the original payment method within 14 days. "
                + "Our office in Utrecht has a bicycle shed. "
                + "A refund for a gift card is paid as store credit. "
                + "The company was founded in 2009 by two engineers.";
        List<String> kept = ContextRetrieval.compress("How long does a refund take?", List.of(chunk, "Nothing here."),
                Embedder.miniLm(), ContextRetrieval.COMPRESS_THRESHOLD);
        assertThat(kept.get(0)).isEqualTo("Refunds are paid back to the original payment method within 14 days. "
                + "A refund for a gift card is paid as store credit.");
        assertThat(kept.get(1)).as("a chunk keeps at least its best sentence").isEqualTo("Nothing here.");
    }

    @Test
    void sentencesKeepAbbreviationsAndDecimalsAndSplitAtLineBreaks() {
        assertThat(ContextRetrieval.sentences("Fit an adapter, e.g. the RA set. It costs 3.5 euros! Done?\n"
                + "- Works with e.g. RAV valves (i.e. most)\n\n# Next heading\nMr. Smith wrote it. Version 2.4 GHz."))
                .containsExactly("Fit an adapter, e.g. the RA set.", "It costs 3.5 euros!", "Done?",
                        "- Works with e.g. RAV valves (i.e. most)", "# Next heading", "Mr. Smith wrote it.",
                        "Version 2.4 GHz.");
        assertThat(ContextRetrieval.sentences(" \n\n ")).isEmpty();
    }
}
