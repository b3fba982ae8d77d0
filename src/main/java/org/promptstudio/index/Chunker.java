package org.promptstudio.index;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.TokenCounter;

/**
 * Splits a document into chunks, by structure first, then to a token budget.
 * <ul>
 * <li>A heading ends the chunk before it and starts a new one; the chunk's heading path is the headings above it,
 * outermost first (a level-2 heading replaces the previous level-2 and anything deeper). A chunk that holds only
 * headings so far goes on with what follows them, so a heading is not a chunk alone unless nothing visible follows
 * it.</li>
 * <li>Paragraphs, lists, tables and code are packed whole into a chunk while the chunk stays within
 * {@link ChunkingSettings#maxTokens()}.</li>
 * <li>A block bigger than the budget (or than what the headings before it leave) starts its own chunks and is split between sentences (a list between items, a
 * table between rows, code between lines), and a piece still too big between words. Each piece after the first
 * repeats the end of the piece before it: the most whole words that fit in {@link ChunkingSettings#overlapTokens()}
 * (fewer when the piece would not fit otherwise).</li>
 * <li>Hidden blocks are never packed with visible ones: they get chunks of their own, marked hidden; a hidden heading
 * does not change the heading path.</li>
 * <li>A word longer than the budget (a long URL, encoded data, text written without spaces) is split between its
 * tokens, never inside a character, with the same overlap counted in tokens.</li>
 * </ul>
 * No chunk is above the budget (a visible heading is kept whole, so only a heading longer than the budget can be).
 * Tokens are counted with {@code cl100k_base}.
 * <p>
 * Offsets: the document's <em>extracted text</em> is its blocks' texts joined by a blank line ({@code "\n\n"}), see
 * {@link #extractedText(SourceDocument)}; a chunk's text is exactly {@code extractedText.substring(startOffset,
 * endOffset)}. Deterministic: the same document and settings give the same chunks. Thread-safe.
 */
public final class Chunker {

    /** The encoding tokens are counted with ({@link TokenCounter} counts any name it does not know as cl100k_base). */
    static final String ENCODING = "cl100k_base";
    private static final String SEPARATOR = "\n\n";

    private final ChunkingSettings settings;
    private final TokenCounter counter;

    /** A chunker for {@code settings}. */
    public Chunker(ChunkingSettings settings) {
        this.settings = settings;
        this.counter = new TokenCounter();
    }

    public ChunkingSettings settings() {
        return settings;
    }

    /**
     * The text chunk offsets point into: the blocks' texts in order, joined by {@code "\n\n"}.
     *
     * @return the text, empty for a document without blocks
     */
    public static String extractedText(SourceDocument document) {
        StringBuilder sb = new StringBuilder();
        List<SourceDocument.Block> blocks = document.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) sb.append(SEPARATOR);
            sb.append(blocks.get(i).text());
        }
        return sb.toString();
    }

    /** Tokens of {@code text} as the chunker counts them ({@code cl100k_base}). */
    public int tokens(String text) {
        return counter.count(ENCODING, text);
    }

    /**
     * The chunks of {@code document}, positions from 0 in reading order, each with the document's path and title.
     *
     * @return the chunks; none for a document without text
     */
    public List<Chunk> chunk(SourceDocument document) {
        return new Run(document).chunks();
    }

    /** One chunking of one document. */
    private final class Run {
        private final SourceDocument document;
        private final String text;
        private final List<Chunk> out = new ArrayList<>();
        private final List<SourceDocument.Block> headings = new ArrayList<>();
        /** The open chunk: [start, end) in the text, or start < 0 when none. */
        private int start = -1;
        private int end;
        private boolean body;
        private boolean hidden;

        Run(SourceDocument document) {
            this.document = document;
            this.text = extractedText(document);
        }

        List<Chunk> chunks() {
            int offset = 0;
            for (SourceDocument.Block b : document.blocks()) {
                int blockStart = offset;
                int blockEnd = offset + b.text().length();
                offset = blockEnd + SEPARATOR.length();
                // a block's own leading or trailing blanks are not chunk text
                int s = skipBlanks(blockStart, blockEnd);
                int e = trimEnd(s, blockEnd);
                if (s >= e) continue;
                if (b.kind() == SourceDocument.Kind.HEADING && !b.hidden()) {
                    heading(b, s, e);
                } else {
                    block(b, s, e);
                }
            }
            flush();
            return List.copyOf(out);
        }

        private void heading(SourceDocument.Block b, int s, int e) {
            if (body || hidden) flush();
            if (start >= 0 && !fits(start, e)) flush(); // headings only, but too long to take this one too
            while (!headings.isEmpty() && headings.get(headings.size() - 1).level() >= b.level()) {
                headings.remove(headings.size() - 1);
            }
            headings.add(b);
            if (start < 0) start = s;
            end = e;
        }

        private void block(SourceDocument.Block b, int s, int e) {
            if (start >= 0 && hidden != b.hidden()) flush();
            if (start >= 0 && fits(start, e)) {
                end = e;
                body = true;
                return;
            }
            if (body) flush();
            if (start < 0 && fits(s, e)) { // whole, in a chunk of its own
                start = s;
                end = e;
                body = true;
                hidden = b.hidden();
                return;
            }
            // too big alone, or after headings it does not fit with: split, so headings never stand alone
            split(b, s, e);
        }

        /**
         * Splits a block that does not fit into pieces of whole segments (sentences, items, rows, lines; words for a
         * segment too big alone), each piece after the first starting with the end of the one before. A chunk that
         * holds only headings is the start of the first piece when the first segment fits after it.
         */
        private void split(SourceDocument.Block b, int s, int e) {
            List<int[]> atoms = new ArrayList<>();
            for (int[] segment : segments(b.kind(), s, e)) {
                if (fits(segment[0], segment[1])) {
                    atoms.add(segment);
                    continue;
                }
                for (int[] word : words(segment[0], segment[1])) {
                    if (fits(word[0], word[1])) atoms.add(word);
                    else atoms.addAll(tokenSpans(word[0], word[1]));
                }
            }
            int i = 0;
            int previousFirst = -1;
            int previousStart = -1;
            int previousEnd = -1;
            if (start >= 0 && !atoms.isEmpty() && !fits(start, atoms.get(0)[1])) flush();
            while (i < atoms.size()) {
                int pieceStart;
                if (start >= 0) {
                    pieceStart = start; // headings before the block
                } else if (previousEnd < 0) {
                    pieceStart = atoms.get(i)[0];
                } else {
                    pieceStart = overlapStart(overlapCandidates(b.kind(), atoms, previousFirst, i, previousStart,
                            previousEnd), previousEnd, atoms.get(i)[1]);
                    if (pieceStart < 0) pieceStart = atoms.get(i)[0];
                }
                // the most atoms from i that fit after pieceStart; at least one (a word longer than the budget)
                int lo = i;
                int hi = Math.min(atoms.size() - 1, i + settings.maxTokens());
                int last = i;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    if (fits(pieceStart, atoms.get(mid)[1])) {
                        last = mid;
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                start = pieceStart;
                end = atoms.get(last)[1];
                body = true;
                hidden = b.hidden();
                previousFirst = i;
                previousStart = atoms.get(i)[0];
                previousEnd = end;
                i = last + 1;
                if (i < atoms.size()) flush();
            }
        }

        /**
         * Where an overlap may start inside the previous piece (atoms {@code [first, next)}, from
         * {@code previousStart} to {@code previousEnd}), after its first atom's start: any word for prose; for lists,
         * tables and code the start of an item, row or line, so those stay whole (a word where one alone was too big);
         * and, in a word split by tokens, any of its token pieces. Ascending, no duplicates.
         */
        private List<Integer> overlapCandidates(SourceDocument.Kind kind, List<int[]> atoms, int first, int next,
                int previousStart, int previousEnd) {
            TreeSet<Integer> starts = new TreeSet<>();
            if (kind == SourceDocument.Kind.PARAGRAPH || kind == SourceDocument.Kind.HEADING) {
                for (int[] w : words(previousStart, previousEnd)) {
                    if (w[0] > previousStart) starts.add(w[0]);
                }
            }
            for (int k = first + 1; k < next; k++) {
                int a = atoms.get(k)[0];
                if (a > previousStart && a < previousEnd) starts.add(a);
            }
            return new ArrayList<>(starts);
        }

        /**
         * Where the next piece starts so that it repeats the end of the previous one (ending at {@code previousEnd}):
         * the earliest of {@code starts} whose span to {@code previousEnd} fits the overlap budget and from which the
         * next atom (ending at {@code nextEnd}) still fits the chunk budget; -1 for no overlap.
         */
        private int overlapStart(List<Integer> starts, int previousEnd, int nextEnd) {
            if (settings.overlapTokens() == 0) return -1;
            // the earliest start whose overlap fits (the overlap shrinks as the start moves right)
            int lo = 0;
            int hi = starts.size() - 1;
            int first = starts.size();
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (count(starts.get(mid), previousEnd) <= settings.overlapTokens()) {
                    first = mid;
                    hi = mid - 1;
                } else {
                    lo = mid + 1;
                }
            }
            for (int k = first; k < starts.size(); k++) {
                if (fits(starts.get(k), nextEnd)) return starts.get(k);
            }
            return -1;
        }

        private List<String> currentPath() {
            return headings.stream().map(h -> DocumentReader.oneLine(h.text())).toList();
        }

        private void flush() {
            if (start < 0) return;
            String chunkText = text.substring(start, end);
            out.add(new Chunk(document.path(), out.size(), document.title(), currentPath(), chunkText, start, end,
                    tokens(chunkText), hidden));
            start = -1;
            body = false;
            hidden = false;
        }

        /** Whether text[s, e) fits the budget. */
        private boolean fits(int s, int e) {
            return count(s, e) <= settings.maxTokens();
        }

        private int count(int s, int e) {
            return tokens(text.substring(s, e));
        }

        /** The block's segments, trimmed spans: list items, table rows and code lines by line; prose by sentence. */
        private List<int[]> segments(SourceDocument.Kind kind, int s, int e) {
            List<int[]> lines = new ArrayList<>();
            int lineStart = s;
            for (int i = s; i <= e; i++) {
                if (i == e || text.charAt(i) == '\n') {
                    int a = skipBlanks(lineStart, i);
                    int z = trimEnd(a, i);
                    if (a < z) lines.add(new int[] {a, z});
                    lineStart = i + 1;
                }
            }
            if (kind == SourceDocument.Kind.LIST || kind == SourceDocument.Kind.TABLE
                    || kind == SourceDocument.Kind.CODE) {
                return lines;
            }
            List<int[]> sentences = new ArrayList<>();
            BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
            for (int[] line : lines) {
                it.setText(text.substring(line[0], line[1]));
                int from = it.first();
                for (int to = it.next(); to != BreakIterator.DONE; from = to, to = it.next()) {
                    int a = skipBlanks(line[0] + from, line[0] + to);
                    int z = trimEnd(a, line[0] + to);
                    if (a < z) sentences.add(new int[] {a, z});
                }
            }
            return sentences;
        }

        /**
         * A word too big for the budget cut between its tokens, never inside a character: consecutive spans that
         * cover text[s, e) exactly, each one token (or the few a character needs).
         */
        private List<int[]> tokenSpans(int s, int e) {
            int[] ends = counter.tokenBoundaries(ENCODING, text.substring(s, e));
            List<int[]> spans = new ArrayList<>(ends.length);
            int from = s;
            for (int end : ends) {
                spans.add(new int[] {from, s + end});
                from = s + end;
            }
            return spans;
        }

        /** The words (runs of non-blank characters) of text[s, e). */
        private List<int[]> words(int s, int e) {
            List<int[]> words = new ArrayList<>();
            int i = s;
            while (i < e) {
                while (i < e && Character.isWhitespace(text.charAt(i))) i++;
                int w = i;
                while (i < e && !Character.isWhitespace(text.charAt(i))) i++;
                if (w < i) words.add(new int[] {w, i});
            }
            return words;
        }

        private int skipBlanks(int s, int e) {
            while (s < e && Character.isWhitespace(text.charAt(s))) s++;
            return s;
        }

        private int trimEnd(int s, int e) {
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
            return e;
        }
    }
}
