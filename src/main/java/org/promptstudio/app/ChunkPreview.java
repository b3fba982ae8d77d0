package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.index.Chunker;
import org.promptstudio.index.ChunkingSettings;
import org.promptstudio.index.DocumentEntry;
import org.promptstudio.index.DocumentReader;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.Ingestion;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.Embeddings;
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
     * The chunks of one document with the workspace's settings, made by the index's own code ({@link Ingestion#split}).
     *
     * @param file the document: relative to the workspace folder (else to the current folder), or absolute
     * @return the document's path, title and format, the settings used, its chunks and what was redacted where
     * @throws IndexException one line naming the file when it is missing or a folder, or with the reason the index
     *                        would list it as skipped with: outside the workspace, a link to outside it or a linked
     *                        folder, binary, another type, a damaged or locked PDF
     */
    public Preview preview(Path file) {
        Path root = workspace.root();
        Path resolved = file.isAbsolute() ? file : root.resolve(file);
        if (!file.isAbsolute() && !exists(resolved) && exists(file)) resolved = file.toAbsolutePath();
        String shown = file.toString().replace('\\', '/');
        if (!exists(resolved)) throw new IndexException(shown + ": no such file");
        if (Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw new IndexException(shown + ": is a folder; name one document");
        }
        IndexConfig config = workspace.config().index();
        Ingestion ingestion = ingestion(workspace);
        Ingestion.Split split = ingestion.split(resolved);
        ChunkingSettings settings = settings(config);
        DocumentEntry entry = split.entry();
        return new Preview(entry.path(), entry.title(), entry.format().name().toLowerCase(Locale.ROOT),
                settings.maxTokens(), settings.overlapTokens(), config.redact().any(), split.chunks(),
                split.redactedByType(), split.flags(), split.redactions());
    }

    /** Whether {@code file} is there, a dangling link included (the index lists it with its reason). */
    private static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The ingestion of the workspace's {@code index:} settings: its folders, chunk budget and redaction. The index
     * ({@link Documents}) and this preview are made by the same one.
     */
    static Ingestion ingestion(Workspace workspace) {
        IndexConfig config = workspace.config().index();
        return new Ingestion(workspace.root(), config.folders(), new DocumentReader(), new Chunker(settings(config)),
                redactor(config), Embeddings.shared());
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
     * @param flags      per chunk, in the same order, the injection flags the index gives it (the pattern checks and
     *                   the known-attack similarity of its MiniLM vector)
     * @param found      per chunk, in the same order, the placeholders in its text (type, placeholder, offsets in
     *                   the chunk's text; never the values)
     */
    public record Preview(String path, String title, String format, int maxTokens, int overlap, boolean redacted,
                          List<Chunk> chunks, Map<String, Integer> redactions,
                          List<List<org.promptstudio.guard.InjectionCheck.Flag>> flags,
                          List<List<PiiRedactor.Finding>> found) {

        public Preview {
            chunks = List.copyOf(chunks);
            redactions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(redactions));
            flags = flags == null ? java.util.Collections.nCopies(chunks.size(), List.of())
                    : flags.stream().map(List::copyOf).toList();
            found = found == null ? java.util.Collections.nCopies(chunks.size(), List.of())
                    : found.stream().map(List::copyOf).toList();
        }

        /** Per chunk, how many placeholders of each type its text holds, in type order; empty where none. */
        public List<Map<String, Integer>> redactionsByChunk() {
            return found.stream().map(f -> PiiRedactor.Report.of(f).counts()).toList();
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
