package org.promptstudio.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a document file into a {@link SourceDocument}. SCAFFOLD (issue 14 contract): plain text only, paragraphs split
 * on blank lines; helper C replaces the body with text, markdown, HTML and PDF readers, keeping these signatures.
 */
public final class DocumentReader {

    /**
     * Reads {@code file}, naming it by its path relative to {@code root}.
     *
     * @throws IndexException one line naming the file and why it is skipped (binary, unsupported type, unreadable,
     *                        corrupt PDF)
     */
    public SourceDocument read(Path root, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String rel = root.relativize(file).toString().replace('\\', '/');
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<SourceDocument.Block> blocks = new ArrayList<>();
            for (String p : text.split("\\n\\s*\\n")) {
                if (!p.isBlank()) blocks.add(new SourceDocument.Block(SourceDocument.Kind.PARAGRAPH, 0, p.strip(), false));
            }
            String name = file.getFileName().toString();
            return new SourceDocument(rel, name.replaceFirst("\\.[^.]+$", ""), Files.getLastModifiedTime(file).toInstant(),
                    sha256(bytes), SourceDocument.Format.TEXT, blocks);
        } catch (IOException e) {
            throw new IndexException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code file}'s name has an extension this reader handles ({@code .txt .md .markdown .html .htm .pdf}). */
    public boolean handles(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".txt") || n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".html")
                || n.endsWith(".htm") || n.endsWith(".pdf");
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
