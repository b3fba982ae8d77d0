package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.index.Chunker;
import org.promptstudio.index.ChunkingSettings;
import org.promptstudio.index.DocumentReader;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.SourceDocument;
import org.promptstudio.model.Chunk;
import org.promptstudio.workspace.IndexConfig;
import org.promptstudio.workspace.Workspace;

/**
 * The split of one document as the index would make it ({@code studio chunks FILE}): read, redacted when the
 * workspace's {@code index.redact} asks for it, and chunked with its {@code index.chunking} settings. Nothing is
 * stored.
 */
public final class ChunkPreview {

    private final Workspace workspace;

    ChunkPreview(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * The chunks of one document with the workspace's settings.
     *
     * @param file the document: relative to the workspace folder (else to the current folder), or absolute
     * @return the document's path, title and format, the settings used, its chunks and what was redacted
     * @throws IndexException one line naming the file when it is missing, a folder, or skipped (binary, another type,
     *                        damaged or locked PDF)
     */
    public Preview preview(Path file) {
        Path root = workspace.root();
        Path resolved = file.isAbsolute() ? file : root.resolve(file);
        if (!file.isAbsolute() && !Files.exists(resolved) && Files.exists(file)) resolved = file.toAbsolutePath();
        String shown = file.toString().replace('\\', '/');
        if (!Files.exists(resolved)) throw new IndexException(shown + ": no such file");
        if (Files.isDirectory(resolved)) throw new IndexException(shown + ": is a folder; name one document");
        IndexConfig config = workspace.config().index();
        SourceDocument document = new DocumentReader().read(root, resolved);
        Map<String, Integer> redactions = new TreeMap<>();
        boolean redacted = config.redact().any();
        if (redacted) document = redact(document, config, redactions);
        ChunkingSettings settings = settings(config);
        List<Chunk> chunks = new Chunker(settings).chunk(document);
        org.promptstudio.guard.InjectionCheck check = new org.promptstudio.guard.InjectionCheck();
        List<List<org.promptstudio.guard.InjectionCheck.Flag>> flags = new ArrayList<>();
        for (Chunk c : chunks) flags.add(check.check(c.text(), c.hidden()));
        return new Preview(document.path(), document.title(), document.format().name().toLowerCase(java.util.Locale.ROOT),
                settings.maxTokens(), settings.overlapTokens(), redacted, chunks, redactions, flags);
    }

    /** The chunk budget of studio.yaml's {@code index.chunking}. */
    static ChunkingSettings settings(IndexConfig config) {
        return new ChunkingSettings(config.chunking().maxTokens(), config.chunking().overlap());
    }

    /**
     * The redactor of studio.yaml's {@code index.redact}: the built-in types when {@code pii} is on, and the user's
     * patterns, leaving the {@code allow} values; null when nothing is redacted. The index and this preview use the same one.
     */
    static PiiRedactor redactor(IndexConfig config) {
        if (!config.redact().any()) return null;
        List<PiiRedactor.CustomPattern> custom = config.redact().patterns().stream()
                .map(p -> new PiiRedactor.CustomPattern(p.type(), p.regex())).toList();
        List<PiiRedactor.Allowed> allow = config.redact().allow().stream()
                .map(a -> new PiiRedactor.Allowed(a.value(), a.regex())).toList();
        return new PiiRedactor(config.redact().pii(), custom, allow);
    }

    /** {@code document} with each block's text redacted, one numbering for the whole document; counts by type. */
    static SourceDocument redact(SourceDocument document, IndexConfig config, Map<String, Integer> counts) {
        PiiRedactor redactor = redactor(config);
        PiiRedactor.Numbering numbering = new PiiRedactor.Numbering();
        List<SourceDocument.Block> blocks = new ArrayList<>();
        java.util.Set<String> placeholders = new java.util.HashSet<>();
        for (SourceDocument.Block b : document.blocks()) {
            PiiRedactor.Redacted r = redactor.redact(b.text(), numbering);
            r.findings().forEach(f -> counts.merge(f.type(), 1, Integer::sum));
            r.findings().forEach(f -> placeholders.add(f.placeholder()));
            blocks.add(new SourceDocument.Block(b.kind(), b.level(), r.text(), b.hidden()));
        }
        // the title goes with every chunk: redacted as the index redacts it; a value of the body is not counted twice
        String title = document.title();
        if (title != null) {
            PiiRedactor.Redacted r = redactor.redact(title, numbering);
            r.findings().stream().filter(f -> placeholders.add(f.placeholder()))
                    .forEach(f -> counts.merge(f.type(), 1, Integer::sum));
            title = r.text();
        }
        return new SourceDocument(document.path(), title, document.modified(), document.contentHash(),
                document.format(), blocks);
    }

    /**
     * A document's split.
     *
     * @param path       workspace-relative path, {@code /} separated
     * @param title      the document's title
     * @param format     text, markdown, html or pdf
     * @param maxTokens  the chunk budget used, in tokens
     * @param overlap    the overlap used, in tokens
     * @param redacted   whether the text was redacted before chunking
     * @param chunks     the chunks in reading order
     * @param redactions how many values of each type were replaced (never the values), by type name
     * @param flags      per chunk, in the same order, the injection flags its text raises by the pattern checks (the
     *                   index adds the known-attack similarity, which needs the chunks' vectors)
     */
    public record Preview(String path, String title, String format, int maxTokens, int overlap, boolean redacted,
                          List<Chunk> chunks, Map<String, Integer> redactions,
                          List<List<org.promptstudio.guard.InjectionCheck.Flag>> flags) {

        public Preview {
            chunks = List.copyOf(chunks);
            redactions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(redactions));
            flags = flags == null ? java.util.Collections.nCopies(chunks.size(), List.of())
                    : flags.stream().map(List::copyOf).toList();
        }

        /** The fewest tokens in a chunk; 0 without chunks. */
        public int minTokens() {
            return chunks.stream().mapToInt(Chunk::tokens).min().orElse(0);
        }

        /** The median tokens of a chunk (the lower middle one for an even count); 0 without chunks. */
        public int medianTokens() {
            int[] sorted = chunks.stream().mapToInt(Chunk::tokens).sorted().toArray();
            return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
        }

        /** The most tokens in a chunk; 0 without chunks. */
        public int maxTokensUsed() {
            return chunks.stream().mapToInt(Chunk::tokens).max().orElse(0);
        }
    }
}
