package org.promptstudio.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.PromptSentences.Kind;
import org.promptstudio.provider.PromptSentences.Sentence;

/**
 * A real but non-generative baseline that answers from the prompt's own text. It splits the rendered prompt into
 * sentences ({@link PromptSentences}), embeds them with MiniLM and returns the ones most similar to the question
 * (the last user message), or, when the question or instruction asks for a summary or there is no question, the
 * ones most central to the text (nearest the mean vector; lines under eight words count for less, since short
 * pleasantries sit near the centre of any conversation). Instructions and the question itself are not answers
 * while there is other text. Sentences come out in their original order, at most {@code options.sentences}
 * (default 3) of them within {@code maxOutputTokens}, one streamed delta each. A sentence from a passage that
 * starts with a source id ({@code [returns-policy] ...}) is cited with that id. Same prompt, same answer.
 */
public final class ExtractiveModel implements ModelProvider {

    public static final String KIND = "extractive";
    /** Used when neither the prompt, the model nor the run sets {@code maxOutputTokens}. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 200;
    public static final int DEFAULT_SENTENCES = 3;

    private static final Pattern SUMMARY = Pattern.compile(
            "(?iu)\\b(summari[sz]\\w*|summary|summaries|tl;?\\s?dr|sum (it |this |that )?up|recap|key points|gist)\\b");
    private static final int MIN_WORDS = 3;
    private static final int SUMMARY_MIN_WORDS = 8;

    private final ModelRef model;
    private final Embeddings embeddings;
    private final TokenCounter tokens;

    public ExtractiveModel(ModelRef model, Embeddings embeddings, TokenCounter tokens) {
        this.model = model;
        this.embeddings = embeddings;
        this.tokens = tokens;
    }

    @Override
    public Optional<ModelCard> card() {
        return Optional.of(new ModelCard(model.id(), KIND,
                "Offline, deterministic, non-generative baseline: it ranks the sentences of the prompt itself by "
                        + Embeddings.MODEL_NAME + " similarity to the question (for a summary, to the centre of the "
                        + "text) and answers with the best few, in their original order, citing passage ids.",
                "It never writes new text: it cannot reason, calculate, follow format instructions or know anything "
                        + "the prompt does not say; English-centred embeddings; token counts are cl100k estimates."));
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        BuiltInModels.refuseTools(model.id(), request);
        // The latency is the call's (embedding and choosing), not the one-time load of MiniLM and the token
        // vocabulary, which the first call of a process would otherwise carry (issue 12: the first cell was slow).
        embeddings.load();
        tokens.load(model.model());
        long start = System.nanoTime();
        checkCancelled(request);
        Selection selection = select(request);
        Long firstToken = null;
        StringBuilder answer = new StringBuilder();
        for (String piece : selection.pieces) {
            checkCancelled(request);
            if (firstToken == null) firstToken = millisSince(start);
            answer.append(piece);
            listener.onText(piece);
        }
        String text = answer.toString();
        ChatResult.Usage usage = new ChatResult.Usage(tokens.countMessages(model.model(), request.messages()),
                tokens.count(model.model(), text), true);
        return new ChatResult(text, selection.truncated ? "length" : "stop", usage, millisSince(start), firstToken,
                KIND + "/" + Embeddings.MODEL_NAME);
    }

    private record Selection(List<String> pieces, boolean truncated) {
    }

    private Selection select(ChatRequest request) {
        List<Sentence> all = PromptSentences.of(request.messages());
        String question = join(all, Kind.QUESTION);
        boolean summary = question.isBlank() || SUMMARY.matcher(question).find();
        List<Sentence> candidates = candidates(all, summary);
        if (candidates.isEmpty()) return new Selection(List.of(), false);

        List<float[]> vectors = embeddings.embedAll(candidates.stream().map(Sentence::inContext).toList());
        float[] target = summary ? Embeddings.centroid(vectors) : embeddings.embed(question);
        double[] score = new double[candidates.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = Embeddings.cosine(vectors.get(i), target);
            // Short lines ("Agent: Sorry to hear that.") sit near the centre of any conversation but say little.
            if (summary) score[i] *= Math.min(1.0, candidates.get(i).words() / (double) SUMMARY_MIN_WORDS);
        }

        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < score.length; i++) ranked.add(i);
        ranked.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i));

        int budget = budget(request);
        int limit = sentenceLimit();
        List<Integer> chosen = new ArrayList<>();
        int used = 0;
        for (int i : ranked) {
            if (chosen.size() == limit) break;
            int cost = tokens.count(model.model(), cited(candidates.get(i))) + 1;
            // A sentence that does not fit is left out whole: the answer still ends where a sentence ends, below the
            // limit, as a model's answer that stopped on its own does. That is "stop", not "cut off at the limit"
            // (issue 12: 80 tokens of whole sentences under a limit of 120 read as cut off, and failed as no answer).
            if (used + cost > budget) break;
            chosen.add(i);
            used += cost;
        }
        List<String> pieces = new ArrayList<>();
        if (chosen.isEmpty()) {
            // Not even the best sentence fits: give as much of it as the budget allows, as a model would.
            String best = tokens.truncate(model.model(), cited(candidates.get(ranked.get(0))), budget);
            if (!best.isEmpty()) pieces.add(best);
            return new Selection(pieces, true);
        }
        chosen.sort(Comparator.naturalOrder());   // candidates are in prompt order
        for (int k = 0; k < chosen.size(); k++) {
            Sentence s = candidates.get(chosen.get(k));
            Sentence next = k + 1 < chosen.size() ? candidates.get(chosen.get(k + 1)) : null;
            boolean sameLine = next != null && next.line() == s.line();
            // Sentences that run on in one passage line are cited once, after the last of them.
            String text = sameLine && Objects.equals(next.source(), s.source()) ? s.text() : cited(s);
            pieces.add(text + (next == null ? "" : sameLine ? " " : "\n"));
        }
        return new Selection(pieces, false);
    }

    /**
     * The sentences that may answer. For a question: the material (passages, earlier turns). For a summary: the
     * material and the question's own text, but not the sentence asking for the summary. Instructions come in
     * only when nothing else is there; the question last of all.
     */
    private static List<Sentence> candidates(List<Sentence> all, boolean summary) {
        List<List<Kind>> preference = summary
                ? List.of(List.of(Kind.MATERIAL, Kind.QUESTION, Kind.EXAMPLE_QUESTION), List.of(Kind.INSTRUCTION))
                : List.of(List.of(Kind.MATERIAL), List.of(Kind.EXAMPLE_QUESTION), List.of(Kind.INSTRUCTION),
                        List.of(Kind.QUESTION));
        for (int minWords : new int[] {MIN_WORDS, 1}) {
            for (List<Kind> kinds : preference) {
                List<Sentence> found = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (Sentence s : all) {
                    if (!kinds.contains(s.kind()) || s.words() < minWords || !seen.add(s.text())) continue;
                    if (summary && s.kind() != Kind.MATERIAL && SUMMARY.matcher(s.text()).find()) continue;
                    found.add(s);
                }
                if (!found.isEmpty()) return found;
            }
        }
        return List.of();
    }

    private static String cited(Sentence s) {
        if (s.source() == null || s.text().contains("[" + s.source() + "]")) return s.text();
        return s.text() + " [" + s.source() + "]";
    }

    private static String join(List<Sentence> sentences, Kind kind) {
        StringBuilder text = new StringBuilder();
        for (Sentence s : sentences) {
            if (s.kind() == kind) text.append(text.length() == 0 ? "" : " ").append(s.text());
        }
        return text.toString();
    }

    private int budget(ChatRequest request) {
        Integer max = request.params().maxOutputTokens();
        return max != null && max > 0 ? max : DEFAULT_MAX_OUTPUT_TOKENS;
    }

    private int sentenceLimit() {
        Object value = model.options().get("sentences");
        if (value == null) return DEFAULT_SENTENCES;
        try {
            int n = value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString().trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProviderException("model '" + model.id() + "': option 'sentences' must be a positive whole number, found '"
                + value + "'");
    }

    private void checkCancelled(ChatRequest request) {
        if (request.cancellation().isCancelled()) throw new ProviderException("model '" + model.id() + "': call cancelled");
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
