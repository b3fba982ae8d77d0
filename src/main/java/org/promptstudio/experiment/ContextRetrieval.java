package org.promptstudio.experiment;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.model.Message;
import org.promptstudio.model.RetrievedChunk;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;

/**
 * Fills a prompt's input with the chunks its {@code retrieve:} asks for (decision 0140): renders the query template
 * with the case's input, asks the {@link Retriever}, optionally compresses each chunk to its sentences close to the
 * query, and gives the template a list of maps {@code {n, id, source, position, title, headings, text, score}}
 * ({@code n} from 1; Handlebars' own {@code @index} counts from 0). The call records each chunk with the number the
 * template shows for it: {@code n}, or {@code @index} when the template shows that and not {@code n}, so a citation
 * {@code [2]} in the answer leads to the chunk shown as {@code [2]}.
 *
 * <p>Public only for {@link #compress} and {@link #COMPRESS_THRESHOLD}, which {@code studio eval-retrieval
 * --compression} measures with the code prompts run.
 */
public final class ContextRetrieval {

    /**
     * Contextual compression keeps a sentence of a chunk when its MiniLM cosine similarity to the query is at least
     * this (and always the chunk's best sentence). Measured (decision 0140, addendum) with
     * {@code studio eval-retrieval --compression --thresholds 0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.6} in a
     * workspace made by {@code studio init DIR --from-sample=support-assistant} and {@code studio index}: 54 questions
     * with an answer phrase, hybrid top 4, 12,199 cl100k tokens of context; the answer is in the uncompressed chunks
     * for 47. Tokens kept / answers still in the compressed context (of 47, 95% Wilson interval): 0.20: 78% /
     * 47 (1.00 [0.92, 1.00]); 0.25: 70% / 46 (0.98 [0.89, 1.00]); <b>0.30: 62% / 45 (0.96 [0.86, 0.99])</b>;
     * 0.35: 53% / 44 (0.94 [0.83, 0.98]); 0.40: 45% / 41 (0.87 [0.75, 0.94]); 0.50: 33% / 40 (0.85 [0.72, 0.93]).
     * The rule: the highest threshold (the fewest tokens) whose share of answers kept is at least 95%. Chosen on the
     * same 47 questions it was measured on, and its interval overlaps those of 0.25 and 0.35; the answers lost are
     * facts in a list item or a short sentence far from the question's words.
     */
    public static final double COMPRESS_THRESHOLD = 0.30;

    private static final Pattern INDEX = Pattern.compile("\\{\\{[^}]*@index[^}]*}}");
    private static final Pattern N = Pattern.compile("\\{\\{\\s*(?:this\\.)?n\\s*}}");
    /**
     * Abbreviations a sentence does not end with, though the JDK's rules break after them before a capital. Titles
     * count only capitalised ("Ms." is a title, "50 ms." ends a sentence).
     */
    private static final Pattern ABBREVIATION = Pattern.compile(
            "(?:^|[\\s(])(?:(?i:e\\.g|i\\.e|cf|vs|approx|incl)|Mr|Mrs|Ms|Dr)\\.$");
    private static final PromptRenderer QUERY_RENDERER = new PromptRenderer();
    /** The most of a query a no-chunk note quotes, in characters. */
    static final int NOTE_QUERY_CHARS = 200;

    /**
     * What a cell was given.
     *
     * @param into        the input the chunks go into ({@code context})
     * @param forTemplate the input's value: one map a chunk, in order
     * @param recorded    the chunks as the call records them, each with the number the template shows
     * @param note        one line when the retrieval found no chunk ({@link #noChunk}): the call is still made (the
     *                    template may handle an empty context) but says so; null when it found some
     */
    public record Given(String into, List<Map<String, Object>> forTemplate, List<ContextChunk> recorded, String note) {
    }

    /** The note of a retrieval that found nothing: {@code retrieval found no chunk for query "..."}. */
    static String noChunk(String query, String path) {
        // the query may be a pasted e-mail: the note names its start (the call record keeps the whole rendered prompt)
        String q = query.strip().replaceAll("\\s+", " ");
        if (q.length() > NOTE_QUERY_CHARS) q = q.substring(0, NOTE_QUERY_CHARS) + "…";
        return "retrieval found no chunk for query \"" + q + "\"" + (path == null ? "" : " under " + path);
    }

    private ContextRetrieval() {
    }

    /**
     * The retrieval of {@code cell}: the experiment's {@code retrieve:} when it has one (it replaces the prompt's
     * whole), else the prompt's own; null when neither asks for one.
     *
     * @throws ExperimentException naming the prompt's file, line and column when its {@code retrieve:} is not valid
     */
    static RetrieveSpec specFor(RunPlan plan, RunPlan.Cell cell) {
        if (plan.spec().retrieve() != null) return plan.spec().retrieve();
        return RetrieveSpec.ofPrompt(cell.prompt().parsed());
    }

    /**
     * The number the template shows for the first chunk: 0 when it shows {@code {{@index}}} and never {@code {{n}}},
     * else 1.
     */
    static int firstNumber(String template) {
        return INDEX.matcher(template).find() && !N.matcher(template).find() ? 0 : 1;
    }

    /**
     * Retrieves for one case.
     *
     * @throws ExperimentException (or the retriever's own one-line error) when the query cannot be rendered, renders
     *                             empty, or the index cannot be searched
     */
    static Given retrieve(RetrieveSpec spec, ParsedPrompt prompt, Map<String, Object> input, Retriever retriever,
                          Embedder embedder) {
        String query = query(spec, prompt, input);
        List<RetrievedChunk> found = retriever.retrieve(query, spec.k(), spec.mode(), spec.path());
        List<String> texts = new ArrayList<>();
        for (RetrievedChunk c : found) texts.add(c.text());
        if (spec.compress() && !found.isEmpty()) texts = compress(query, texts, embedder, COMPRESS_THRESHOLD);
        int first = firstNumber(prompt.template());
        List<Map<String, Object>> maps = new ArrayList<>();
        List<ContextChunk> recorded = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            RetrievedChunk c = found.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", i + 1);
            m.put("id", c.id());
            m.put("source", c.source());
            m.put("position", c.position());
            m.put("title", c.title());
            m.put("headings", c.headingPath());
            m.put("text", texts.get(i));
            m.put("score", c.score());
            maps.add(m);
            recorded.add(new ContextChunk(first + i, c.id(), c.source(), c.position(), c.score(), texts.get(i)));
        }
        return new Given(spec.into(), List.copyOf(maps), List.copyOf(recorded),
                found.isEmpty() ? noChunk(query, spec.path()) : null);
    }

    /**
     * The context {@code prompt}'s own {@code retrieve:} gives for {@code input}, as a run gives it ({@code studio
     * render} shows it the same way); null when the prompt declares no retrieval. Compression uses MiniLM.
     *
     * @param prompt    the parsed prompt
     * @param input     the input its query is rendered with (not changed)
     * @param retriever the workspace's document index
     * @throws ExperimentException one line: the {@code retrieve:} is not valid (file:line:column), its query renders
     *                             empty (file:line and the missing input), or the retriever's own (no index: how to
     *                             build one)
     */
    public static Given forPrompt(ParsedPrompt prompt, Map<String, Object> input, Retriever retriever) {
        RetrieveSpec spec = RetrieveSpec.ofPrompt(prompt);
        if (spec == null) return null;
        return retrieve(spec, prompt, input, retriever, Embedder.miniLm());
    }

    /** The query template rendered with the case's input, as one line of text. */
    static String query(RetrieveSpec spec, ParsedPrompt prompt, Map<String, Object> input) {
        String where = prompt.sourceName() + " retrieve.query";
        List<Message> messages = QUERY_RENDERER.render(spec.query(), where, RenderData.of(input), Map.of()).messages();
        StringBuilder text = new StringBuilder();
        for (Message m : messages) text.append(text.length() == 0 ? "" : " ").append(m.text());
        String query = text.toString().replaceAll("\\s+", " ").strip();
        if (query.isEmpty()) {
            List<String> missing = missing(spec.query(), input);
            throw new ExperimentException(place(spec, prompt) + ": retrieve.query \"" + spec.query()
                    + "\" renders empty for this case"
                    + (missing.isEmpty() ? "" : " (input " + String.join(", ", missing.stream()
                            .map(m -> "'" + m + "'").toList()) + (missing.size() == 1 ? " is" : " are")
                            + " missing or empty)")
                    + ", so there is nothing to search for");
        }
        return query;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\{?\\s*([A-Za-z_][A-Za-z0-9_]*)[^}]*}}");

    /**
     * Where {@code spec} is written: {@code prompts/x.prompt:LINE} (the line of its {@code retrieve:} key) when it is
     * the prompt's own, else the prompt's file alone (an experiment's {@code retrieve:} replaced it).
     */
    private static String place(RetrieveSpec spec, ParsedPrompt prompt) {
        RetrieveSpec own;
        try {
            own = RetrieveSpec.ofPrompt(prompt);
        } catch (ExperimentException e) {
            own = null;
        }
        return spec.equals(own) ? where(prompt) : prompt.sourceName();
    }

    /**
     * Where {@code prompt}'s own {@code retrieve:} is written: {@code prompts/x.prompt:LINE}, the line of the key in
     * the file; the file alone when the key is not at the top level of its front matter.
     */
    public static String where(ParsedPrompt prompt) {
        int line = RetrieveSpec.keyLine(prompt.frontMatter());
        // the front matter's first line is the file's second
        return prompt.sourceName() + (line > 0 ? ":" + (line + 1) : "");
    }

    /** The variables {@code query} names ({@code {{question}}}) that {@code input} lacks or gives blank, in order. */
    static List<String> missing(String query, Map<String, Object> input) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = VARIABLE.matcher(query);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("this") || name.equals("else") || out.contains(name)) continue;
            Object v = input.get(name);
            if (v == null || String.valueOf(v).isBlank()) out.add(name);
        }
        return out;
    }

    /**
     * Contextual compression: each text cut to its {@link #sentences} whose MiniLM cosine similarity to {@code query}
     * is at least {@code threshold}, in their order, joined by one space; a text keeps at least its best sentence, and
     * a text with no sentence becomes empty. One embedding call for the query and all sentences.
     *
     * @param query     the search query the chunks were retrieved for
     * @param texts     the chunks' texts, in order
     * @param embedder  turns texts into vectors (MiniLM in practice)
     * @param threshold the cosine similarity a sentence needs, from -1 to 1 ({@link #COMPRESS_THRESHOLD} at run time)
     * @return one compressed text per text, in the same order
     */
    public static List<String> compress(String query, List<String> texts, Embedder embedder, double threshold) {
        List<List<String>> split = new ArrayList<>();
        List<String> all = new ArrayList<>();
        all.add(query);
        for (String t : texts) {
            List<String> sentences = sentences(t);
            split.add(sentences);
            all.addAll(sentences);
        }
        List<float[]> vectors = embedder.embed(all);
        List<String> out = new ArrayList<>();
        int at = 1;
        for (List<String> sentences : split) {
            if (sentences.isEmpty()) {
                out.add("");
                continue;
            }
            double[] score = new double[sentences.size()];
            int best = 0;
            for (int i = 0; i < sentences.size(); i++) {
                score[i] = org.promptstudio.provider.Embeddings.cosine(vectors.get(0), vectors.get(at + i));
                if (score[i] > score[best]) best = i;
            }
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < sentences.size(); i++) {
                if (i == best || score[i] >= threshold) kept.append(kept.length() == 0 ? "" : " ").append(sentences.get(i));
            }
            out.add(kept.toString());
            at += sentences.size();
        }
        return out;
    }

    /**
     * The sentences of {@code text}: each line (split at line breaks) split by the JDK's English sentence rules
     * ({@link BreakIterator#getSentenceInstance(Locale)}), so "3.5" does not end a sentence, nor does a common
     * abbreviation such as "e.g." or "Mr." even before a capital; each stripped, blanks dropped.
     *
     * @return the sentences in their order; empty for a blank text
     */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        BreakIterator breaks = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        for (String line : text.split("\\R+")) {
            if (line.isBlank()) continue;
            breaks.setText(line);
            int start = breaks.first();
            for (int end = breaks.next(); end != BreakIterator.DONE; end = breaks.next()) {
                String sentence = line.substring(start, end).strip();
                // the JDK breaks after an abbreviation followed by a capital ("e.g. RA valves"): keep them together
                if (ABBREVIATION.matcher(sentence).find() && end < line.length()) continue;
                if (!sentence.isEmpty()) out.add(sentence);
                start = end;
            }
        }
        return out;
    }
}
