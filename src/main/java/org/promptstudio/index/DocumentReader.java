package org.promptstudio.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a document file into a {@link SourceDocument}: plain text ({@code .txt}), markdown ({@code .md},
 * {@code .markdown}, with GFM tables), HTML ({@code .html}, {@code .htm}) and PDF ({@code .pdf}). Text files are
 * decoded as UTF-8 (a byte-order mark is dropped; UTF-16 with a byte-order mark is read too), else as ISO-8859-1.
 * Anything else, binary content and damaged or locked PDFs are refused with an {@link IndexException} whose one-line
 * message names the file and the reason, such as {@code docs/logo.png: skipped, not a text, markdown, HTML or PDF
 * file}. Stateless and thread-safe.
 */
public final class DocumentReader {

    /**
     * Reads {@code file}, naming it by its path relative to {@code root}.
     *
     * @param root the workspace folder the document's path is relative to
     * @param file the document, inside {@code root}
     * @return the document's title, modification time, content hash, format and blocks in reading order
     * @throws IndexException one line naming the file and why it is skipped (binary, unsupported type, unreadable,
     *                        damaged or password-protected PDF)
     */
    public SourceDocument read(Path root, Path file) {
        String rel = relative(root, file);
        SourceDocument.Format format = format(file);
        if (format == null) throw skipped(rel, "not a text, markdown, HTML or PDF file");
        byte[] bytes;
        java.time.Instant modified;
        try {
            bytes = Files.readAllBytes(file);
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            throw skipped(rel, "no such file", e);
        } catch (AccessDeniedException e) {
            throw skipped(rel, "permission denied", e);
        } catch (IOException e) {
            throw skipped(rel, "cannot be read" + (e.getMessage() == null ? "" : " (" + oneLine(e.getMessage()) + ")"), e);
        } catch (OutOfMemoryError e) {
            throw skipped(rel, "too large to read", null);
        }
        String name = file.getFileName().toString();
        String fallbackTitle = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Read read;
        if (format == SourceDocument.Format.PDF) {
            // the trial: a 0-byte .pdf was "damaged or not a PDF"
            if (bytes.length == 0) throw skipped(rel, "an empty file (0 bytes)");
            read = PdfBlocks.read(bytes, rel);
        } else {
            String text = decode(bytes);
            if (text == null) throw skipped(rel, "binary content");
            text = text.replace("\r\n", "\n").replace('\r', '\n');
            read = switch (format) {
                case MARKDOWN -> MarkdownBlocks.read(text);
                case HTML -> HtmlBlocks.read(text);
                default -> TextBlocks.read(text);
            };
        }
        String title = read.title() == null || read.title().isBlank() ? fallbackTitle : oneLine(read.title());
        return new SourceDocument(rel, title, modified, sha256(bytes), format, read.blocks());
    }

    /** Whether {@code file}'s name has an extension this reader handles ({@code .txt .md .markdown .html .htm .pdf}). */
    public boolean handles(Path file) {
        return format(file) != null;
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a format reader found: a title (null when the document has none) and the blocks. */
    record Read(String title, List<SourceDocument.Block> blocks) {
    }

    static IndexException skipped(String rel, String reason) {
        return new IndexException(rel + ": skipped, " + reason);
    }

    static IndexException skipped(String rel, String reason, Throwable cause) {
        return new IndexException(rel + ": skipped, " + reason, cause);
    }

    private static SourceDocument.Format format(Path file) {
        Path name = file.getFileName();
        if (name == null) return null;
        String n = name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".txt")) return SourceDocument.Format.TEXT;
        if (n.endsWith(".md") || n.endsWith(".markdown")) return SourceDocument.Format.MARKDOWN;
        if (n.endsWith(".html") || n.endsWith(".htm")) return SourceDocument.Format.HTML;
        if (n.endsWith(".pdf")) return SourceDocument.Format.PDF;
        return null;
    }

    private static String relative(Path root, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        Path rel = abs.startsWith(base) ? base.relativize(abs) : file;
        return rel.toString().replace('\\', '/');
    }

    /**
     * The text of {@code bytes}, or null when they are not text: a NUL byte (without a UTF-16 byte-order mark), or
     * more than 2% control characters once decoded. UTF-8 when the bytes are valid UTF-8, else ISO-8859-1.
     */
    static String decode(byte[] bytes) {
        int n = bytes.length;
        if (n >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF || bytes[0] == (byte) 0xFF
                && bytes[1] == (byte) 0xFE)) {
            String text = strict(bytes, 0, bytes[0] == (byte) 0xFE ? StandardCharsets.UTF_16BE
                    : StandardCharsets.UTF_16LE, 2);
            return text == null || mostlyControls(text) ? null : text;
        }
        for (byte b : bytes) {
            if (b == 0) return null;
        }
        int start = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        String text = strict(bytes, start, StandardCharsets.UTF_8, 0);
        if (text == null) text = new String(bytes, start, n - start, StandardCharsets.ISO_8859_1);
        return mostlyControls(text) ? null : text;
    }

    private static String strict(byte[] bytes, int start, java.nio.charset.Charset charset, int skip) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start + skip, bytes.length - start - skip)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean mostlyControls(String text) {
        int controls = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B || c >= 0x7F && c < 0xA0
                    || c == 0) {
                controls++;
            }
        }
        return controls > 0 && controls * 50 > text.length();
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
