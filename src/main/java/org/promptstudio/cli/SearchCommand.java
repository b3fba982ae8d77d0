package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.Studio;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
import org.promptstudio.model.Chunk;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code studio search "QUERY"}: the chunks of the document index that best match a query. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the document index (built by 'studio index'): the best chunks for QUERY, each with "
                + "its score, source path and chunk position, heading path and a snippet (matched words between "
                + "<< and >>).",
        footer = {"", "Chunks flagged as possible prompt injection are left out unless --include-flagged.", "",
            "Examples:", "  studio search \"refund for a damaged item\"",
            "  studio search \"reset the dial\" --k 3 --mode bm25 --path docs/dial --format json"})
final class SearchCommand implements Callable<Integer> {

    enum Format { text, json }

    enum Mode {
        bm25(SearchMode.BM25), vector(SearchMode.VECTOR), hybrid(SearchMode.HYBRID);

        final SearchMode mode;

        Mode(SearchMode mode) {
            this.mode = mode;
        }
    }

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // optional for picocli, so that a missing or empty query gets the search's own one-line error
    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "What to look for, in the user's words.")
    String query;

    @Option(names = "--k", paramLabel = "N", defaultValue = "5", converter = Numbers.Count.class,
            description = "How many chunks (1 to 1000; default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--mode", paramLabel = "bm25|vector|hybrid", defaultValue = "hybrid",
            description = "BM25 over the words, nearest MiniLM vectors, or both fused (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--path", paramLabel = "PREFIX",
            description = "Only documents whose path starts with PREFIX (docs/policies/).")
    String path;

    @Option(names = "--include-flagged", description = "Include chunks flagged as possible prompt injection.")
    boolean includeFlagged;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (query == null || query.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "search: the query is empty; give the words to look for: studio search \"refund for a damaged item\"");
        }
        if (k > org.promptstudio.index.SearchRequest.MAX_K) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--k: at most " + org.promptstudio.index.SearchRequest.MAX_K + " chunks, not " + k);
        }
        List<SearchHit> hits;
        boolean stopWordsOnly;
        try (Studio studio = root.openStudio()) {
            hits = includeFlagged ? studio.documents().search(query, k, mode.mode, path, true)
                    : studio.documents().search(query, k, mode.mode, path);
            stopWordsOnly = mode != Mode.vector && !studio.documents().hasSearchWords(query);
        }
        if (stopWordsOnly) {
            // the trial: a query of stop words got vector hits in a hybrid search with nothing saying why
            PrintWriter err = spec.commandLine().getErr();
            err.println(mode == Mode.bm25
                    ? "note: the query has no word BM25 can match (only stop words or punctuation); try --mode hybrid"
                    : "note: the query has no word BM25 can match (only stop words or punctuation): these are the"
                    + " vector search's hits");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            List<Object> list = new ArrayList<>();
            for (SearchHit h : hits) list.add(fields(h));
            out.println(JsonText.pretty(list));
        } else if (hits.isEmpty()) {
            out.println("No chunks match.");
        } else {
            for (SearchHit h : hits) printHit(out, h);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> fields(SearchHit h) {
        Chunk c = h.chunk().chunk();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", h.rank());
        m.put("score", h.score());
        m.put("source", c.source());
        m.put("position", c.position());
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("headings", c.headingPath());
        m.put("snippet", h.snippet());
        m.put("flagged", h.chunk().flagged());
        List<Object> flags = new ArrayList<>();
        h.chunk().flags().forEach(f -> {
            Map<String, Object> flag = new LinkedHashMap<>();
            flag.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
            flag.put("reason", f.reason());
            flag.put("excerpt", f.excerpt());
            flags.add(flag);
        });
        m.put("flags", flags);
        return m;
    }

    private static void printHit(PrintWriter out, SearchHit h) {
        Chunk c = h.chunk().chunk();
        String headings = c.headingPath().isEmpty() ? c.title() : String.join(" > ", c.headingPath());
        out.printf(Locale.ROOT, "%d. %.4f  %s  %s%s%n", h.rank(), h.score(), c.id(), headings,
                h.chunk().flagged() ? "  [flagged]" : "");
        out.println("   " + StudioCommand.oneLine(h.snippet()));
        h.chunk().flags().forEach(f -> out.println("   flagged (" + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + "): " + f.reason()));
    }
}
