package org.promptstudio.workspace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            if (text.indexOf('\0') >= 0) {
                problems.add(new DatasetProblem(file, line, "binary data (a NUL byte) in the line"));
                return "";
            }
            return text;
        } catch (CharacterCodingException e) {
            problems.add(new DatasetProblem(file, line, "not UTF-8 text; save the file as UTF-8"));
            return "";
        }
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
