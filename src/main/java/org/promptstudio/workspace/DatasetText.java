package org.promptstudio.workspace;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the bytes of a dataset file into its lines of UTF-8 text. A binary file gives no lines; a line that is not
 * UTF-8 is reported and replaced by an empty one, so the line numbers of the others stay right.
 */
final class DatasetText {

    /** As git does: a NUL byte near the start means binary. */
    private static final int BINARY_PROBE = 8000;

    private DatasetText() {
    }

    /** The lines without their line ends (a trailing CR is dropped too); problems go to {@code problems}. */
    static List<String> lines(byte[] bytes, String file, List<DatasetProblem> problems) {
        int start = hasBom(bytes) ? 3 : 0;
        if (org.promptstudio.model.TextFile.utf16(bytes)) {
            // as every text file the studio reads (model.TextFile): named, not called binary
            problems.add(new DatasetProblem(file, 1, "UTF-16 text; save the file as UTF-8; not read"));
            return List.of();
        }
        for (int i = start; i < Math.min(bytes.length, BINARY_PROBE); i++) {
            if (bytes[i] == 0) {
                problems.add(new DatasetProblem(file, lineOf(bytes, i), "binary data, not a text file; not read"));
                return List.of();
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int from = start;
        while (from <= bytes.length) {
            int end = from;
            while (end < bytes.length && bytes[end] != '\n') end++;
            int to = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
            lines.add(decode(decoder, bytes, from, to, file, lines.size() + 1, problems));
            from = end + 1;
        }
        return lines;
    }

    private static String decode(CharsetDecoder decoder, byte[] bytes, int from, int to, String file, int line,
            List<DatasetProblem> problems) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from);
        decoder.reset();
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            // The column of the first bad byte, counted in the code points before it (an emoji is one), as an editor
            // shows it.
            out.flip();
            problems.add(new DatasetProblem(file, line, Character.codePointCount(out, 0, out.length()) + 1, String.format(Locale.ROOT,
                    "not UTF-8 text (byte 0x%02X); save the file as UTF-8", bytes[in.position()] & 0xFF)));
            return "";
        }
        String text = out.flip().toString();
        if (text.indexOf('\0') >= 0) {
            problems.add(new DatasetProblem(file, line, text.indexOf('\0') + 1, "binary data (a NUL byte) in the line"));
            return "";
        }
        return text;
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static int lineOf(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') line++;
        }
        return line;
    }
}
