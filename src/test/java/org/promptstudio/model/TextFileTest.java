package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TextFile} says of text that is not UTF-8, and where: UTF-16 (its byte order marks FF FE and FE FF are
 * U+FEFF encoded little- and big-endian, Unicode 15 section 23.8) is named as such; the column of a bad byte counts
 * code points and a line ends at LF, CR or CRLF. Positions are counted by hand from the bytes written (0xFF is never
 * valid in UTF-8: RFC 3629 section 1).
 */
class TextFileTest {

    @TempDir
    Path dir;

    private static TextFile.NotText refused(byte[] bytes) {
        return catchThrowableOfType(() -> TextFile.decode(bytes, "notes.yaml"), TextFile.NotText.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void utf16WithEitherByteOrderMarkOrNoneIsNamedNotCalledBinary() {
        byte[] le = "name: x\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] be = "name: x\n".getBytes(StandardCharsets.UTF_16BE);
        for (byte[] bytes : new byte[][] {concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, le),
                concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, be), le, be}) {
            assertThat(refused(bytes).getMessage()).isEqualTo("notes.yaml: UTF-16 text; save the file as UTF-8");
        }
        // a NUL among other bytes is still binary content
        assertThat(refused(new byte[] {'P', 'K', 3, 4, 0, 0, (byte) 0xFF}).getMessage())
                .isEqualTo("notes.yaml: not a text file (binary content)");
    }

    @Test
    void theColumnOfABadByteCountsCodePointsAndEveryLineEndBreaksALine() {
        // "😀ab" then 0xFF: the emoji is one column (two UTF-16 units), so the byte is at column 4, offset 6
        byte[] emoji = concat("\uD83D\uDE00ab".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF});
        TextFile.NotText e = refused(emoji);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo("notes.yaml:1:4: not UTF-8 text (byte 0xFF at offset 6); save the file as UTF-8");
        // "a\rb\r\nc\nd" then 0xFF: CR, CRLF and LF each end one line: line 4, column 2
        TextFile.NotText lines = refused(concat("a\rb\r\nc\nd".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF}));
        assertThat(lines.line()).isEqualTo(4);
        assertThat(lines.column()).isEqualTo(2);
    }

    @Test
    void aRewriteKeepsTheByteOrderMarkTheFileHad() throws Exception {
        Path marked = dir.resolve("marked.yaml");
        Files.write(marked, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(TextFile.read(marked, "marked.yaml")).isEqualTo("a: 1\n");
        assertThat(TextFile.keepingBom(marked, "a: 2\n")).isEqualTo("\uFEFFa: 2\n");
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "a: 1\n");
        assertThat(TextFile.keepingBom(plain, "a: 2\n")).isEqualTo("a: 2\n");
        assertThat(TextFile.keepingBom(dir.resolve("new.yaml"), "a: 2\n")).isEqualTo("a: 2\n");
    }
}
