package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.ChunkPreview;
import org.promptstudio.app.JsonText;
import org.promptstudio.model.Chunk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code studio chunks FILE}: how one document splits into chunks for the index, without indexing it. */
@Command(name = "chunks", mixinStandardHelpOptions = true,
        description = {"Preview how a document splits into chunks for the index.",
            "Uses the workspace's index settings in studio.yaml (chunking, redaction); nothing is stored.",
            "Each chunk: position, heading path, tokens, offsets in the document's text, whether it was hidden, text.",
            "Each chunk also lists what was redacted in it, by type and count (never the values).",
            "A file the index skips (outside the workspace, a link to outside it or a linked folder, binary, another",
            "type, a damaged PDF) prints the reason the index gives and exits 1."},
        footer = {"", "Examples:", "  studio chunks docs/refunds.md", "  studio chunks docs/accessibility.html --format json"})
final class ChunksCommand implements Callable<Integer> {

    enum Format { text, json }

    @ParentCommand
    StudioCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "A document: .txt, .md, .markdown, .html, .htm or .pdf, relative to the workspace folder.")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        ChunkPreview.Preview preview = root.openStudio().chunkPreview().preview(file);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonText.pretty(json(preview)));
        } else {
            text(out, preview);
        }
        out.flush();
        return 0;
    }

    private static void text(PrintWriter out, ChunkPreview.Preview p) {
        out.printf("%s \"%s\" (%s): chunks of at most %d tokens, overlap %d, %s%n", p.path(), p.title(), p.format(),
                p.maxTokens(), p.overlap(), p.redacted() ? "redacted" : "not redacted");
        for (int i = 0; i < p.chunks().size(); i++) {
            Chunk c = p.chunks().get(i);
            out.println();
            String path = c.headingPath().isEmpty() ? "(no heading)" : String.join(" > ", c.headingPath());
            out.printf("#%d  %s  %d tokens  %d-%d%s%n", c.position(), path, c.tokens(), c.startOffset(),
                    c.endOffset(), c.hidden() ? "  [hidden]" : "");
            for (var f : p.flags().get(i)) {
                out.println("  flagged (" + f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): "
                        + f.reason() + " \u2014 \"" + f.excerpt() + "\"");
            }
            Map<String, Integer> redacted = p.redactionsByChunk().get(i);
            if (!redacted.isEmpty()) out.println("  redacted: " + counts(redacted));
            for (String line : c.text().split("\n", -1)) out.println(line.isEmpty() ? "" : "    " + line);
        }
        out.println();
        out.println(summary(p));
    }

    static String summary(ChunkPreview.Preview p) {
        int n = p.chunks().size();
        String line = n + (n == 1 ? " chunk" : " chunks");
        if (n > 0) {
            line += ", tokens min " + p.minTokens() + " / median " + p.medianTokens() + " / max " + p.maxTokensUsed();
        }
        long hidden = p.chunks().stream().filter(Chunk::hidden).count();
        if (hidden > 0) line += ", " + hidden + " hidden";
        long flagged = p.flags().stream().filter(f -> !f.isEmpty()).count();
        if (flagged > 0) line += ", " + flagged + " flagged as possible prompt injection";
        if (!p.redactions().isEmpty()) line += "; redacted " + counts(p.redactions());
        return line;
    }

    /** {@code EMAIL 2, PHONE 1}: counts by type, never values. */
    private static String counts(Map<String, Integer> byType) {
        List<String> parts = new ArrayList<>();
        byType.forEach((type, count) -> parts.add(type + " " + count));
        return String.join(", ", parts);
    }

    private static Map<String, Object> json(ChunkPreview.Preview p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p.path());
        m.put("title", p.title());
        m.put("format", p.format());
        m.put("maxTokens", p.maxTokens());
        m.put("overlap", p.overlap());
        m.put("redacted", p.redacted());
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (int i = 0; i < p.chunks().size(); i++) {
            Chunk c = p.chunks().get(i);
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("position", c.position());
            cm.put("headingPath", c.headingPath());
            cm.put("tokens", c.tokens());
            cm.put("startOffset", c.startOffset());
            cm.put("endOffset", c.endOffset());
            cm.put("hidden", c.hidden());
            List<Map<String, Object>> flags = new ArrayList<>();
            for (var f : p.flags().get(i)) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT));
                fm.put("reason", f.reason());
                fm.put("excerpt", f.excerpt());
                flags.add(fm);
            }
            cm.put("flags", flags);
            cm.put("redactions", p.redactionsByChunk().get(i));
            cm.put("text", c.text());
            chunks.add(cm);
        }
        m.put("chunks", chunks);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("chunks", p.chunks().size());
        summary.put("minTokens", p.minTokens());
        summary.put("medianTokens", p.medianTokens());
        summary.put("maxTokens", p.maxTokensUsed());
        m.put("summary", summary);
        m.put("redactions", p.redactions());
        return m;
    }
}
