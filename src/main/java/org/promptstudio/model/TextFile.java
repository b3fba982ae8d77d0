package org.promptstudio.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a file the studio takes as UTF-8 text (tool definitions, experiments, assertions, settings) and says in one
 * line, naming the file, why it is no such text: {@code tools/weather.yaml: not a text file (binary content)},
 * {@code tools/weather.yaml:2:7: not UTF-8 text (byte 0xFF at offset 12)}, {@code experiments/a.yaml: empty file}.
 * A leading UTF-8 byte order mark is dropped ({@link #keepingBom} puts it back on a rewrite); UTF-16 text is named
 * as such ({@code notes.yaml: UTF-16 text; save the file as UTF-8}). Binary means a NUL byte in the first 8,000
 * bytes, as git decides (xdiff's {@code buffer_is_binary}); prompts and datasets use the same rule.
 */
public final class TextFile {

    private static final int BINARY_PROBE = 8000;

    private TextFile() {
    }

    /** Why a file is not text the studio can read; the message names the file (and line:column when there is one). */
    public static final class NotText extends StudioException {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final int column;
        private final String reason;

        NotText(String shown, int line, int column, String reason) {
            super(shown + (line > 0 ? ":" + line + ":" + column : "") + ": " + reason);
            this.line = line;
            this.column = column;
            this.reason = reason;
        }

        /** The 1-based line of the first bad byte, 0 when the fault is the whole file's. */
        public int line() {
            return line;
        }

        /** The 1-based column (in code points: an emoji is one) of the first bad byte, 0 when the fault is the whole file's. */
        public int column() {
            return column;
        }

        /** Why, without the file's name: {@code empty file}, {@code not a text file (binary content)}, ... */
        public String reason() {
            return reason;
        }
    }

    /**
     * The text of a file the user named to a command ({@code studio labels import FILE}, {@code studio import prompty
     * FILE}, {@code --input @FILE}), refused in one line that names the command, the file as given and why:
     * {@code labels import: cannot read x.csv: no such file}; {@code ...: is a folder, not a file};
     * {@code ...: permission denied}; {@code ...: not a text file (binary content)};
     * {@code ...: cannot read x.csv:2:1: not UTF-8 text (byte 0xFF at offset 21)}; {@code ...: empty file} when
     * {@code nonEmpty}.
     *
     * @param file     the file, as the user gave it (shown as given)
     * @param action   what reads it, put first ({@code labels import}, {@code --input})
     * @param nonEmpty whether a file of nothing but white space is refused too
     * @return the text, without a byte order mark
     * @throws StudioException the one line above, the cause kept
     */
    public static String readGiven(Path file, String action, boolean nonEmpty) {
        String head = action + ": cannot read " + file;
        if (Files.isDirectory(file)) throw new StudioException(head + ": is a folder, not a file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StudioException(head + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new StudioException(head + ": permission denied", e);
        } catch (java.nio.file.FileSystemException e) {
            throw new StudioException(head + ": " + (e.getReason() == null ? "cannot be read"
                    : ErrorText.oneLine(e.getReason())), e);
        } catch (IOException e) {
            throw new StudioException(head + ": " + ErrorText.reason(e), e);
        } catch (OutOfMemoryError e) {
            throw new StudioException(head + ": too large to read", e);
        }
        try {
            String text = decode(bytes, file.toString());
            if (nonEmpty && text.isBlank()) throw new StudioException(head + ": empty file");
            return text;
        } catch (NotText e) {
            throw new StudioException(head + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "") + ": "
                    + e.reason(), e);
        }
    }

    /**
     * The file's text.
     *
     * @param file  the file to read
     * @param shown its name as the user knows it ({@code tools/weather.yaml}), put first in a message
     * @return the text, without a byte order mark
     * @throws NotText      when it is binary or not UTF-8
     * @throws IOException  when it cannot be read (the caller names the file)
     */
    public static String read(Path file, String shown) throws IOException {
        return decode(Files.readAllBytes(file), shown);
    }

    /**
     * As {@link #read}, and a file with nothing but white space is refused as {@code shown: empty file}.
     *
     * @throws NotText     when it is empty, binary or not UTF-8
     * @throws IOException when it cannot be read
     */
    public static String readNonEmpty(Path file, String shown) throws IOException {
        String text = read(file, shown);
        if (text.isBlank()) throw new NotText(shown, 0, 0, "empty file");
        return text;
    }

    /**
     * {@code bytes} as UTF-8 text.
     *
     * @throws NotText naming {@code shown} when they are binary (a NUL in the first 8,000 bytes) or not UTF-8 (the
     *                 first bad byte, its offset from the file's start, and its line and column)
     */
    public static String decode(byte[] bytes, String shown) {
        int start = hasBom(bytes) ? 3 : 0;
        // No reader of the studio's reads UTF-16 (prompts, datasets, settings: all UTF-8): say what it is and what to do
        if (utf16(bytes)) throw new NotText(shown, 0, 0, "UTF-16 text; save the file as UTF-8");
        for (int i = start; i < Math.min(bytes.length, BINARY_PROBE); i++) {
            if (bytes[i] == 0) throw new NotText(shown, 0, 0, "not a text file (binary content)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int offset = in.position();
            out.flip();
            int[] at = endOf(out);
            int line = at[0];
            int column = at[1];
            throw new NotText(shown, line, column, String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at offset %d); "
                    + "save the file as UTF-8", bytes[offset] & 0xFF, offset));
        }
        return out.flip().toString();
    }

    /**
     * The 1-based line and column where {@code text} ends (the place of the next character): a line ends at LF, CR or
     * CRLF (one break), and the column counts code points, so an emoji (two UTF-16 units) is one column, as an
     * editor's cursor moves.
     *
     * @return {line, column}
     */
    static int[] endOf(CharSequence text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                line++;
                column = 1;
            } else if (!(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Whether {@code bytes} begin with the UTF-8 byte order mark (EF BB BF). */
    private static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }

    /**
     * Whether {@code bytes} look like UTF-16: its byte order mark (FF FE little-endian, FE FF big-endian), or, without
     * one, a NUL at every other byte and at no byte between them in the first 8,000 (Latin text in UTF-16).
     */
    public static boolean utf16(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            return true;
        }
        int n = Math.min(bytes.length, BINARY_PROBE) & ~1;
        if (n < 2) return false;
        boolean little = true;
        boolean big = true;
        for (int i = 0; i < n; i += 2) {
            little &= bytes[i] != 0 && bytes[i + 1] == 0;
            big &= bytes[i] == 0 && bytes[i + 1] != 0;
            if (!little && !big) return false;
        }
        return true;
    }

    /** The byte order mark as a character: text that starts with it is written with the mark's three UTF-8 bytes. */
    public static final String BOM = "\uFEFF";

    /**
     * {@code text} to write over {@code file}, starting with {@link #BOM} when the file starts with the UTF-8 byte
     * order mark (which {@link #read} drops): a rewrite keeps the mark, as an editor does. When the file does not
     * exist or cannot be read, the text as it is.
     */
    public static String keepingBom(Path file, String text) {
        if (text.startsWith(BOM)) return text;
        byte[] head = new byte[3];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 3) == 3 && hasBom(head) ? BOM + text : text;
        } catch (IOException e) {
            return text;
        }
    }
}
