package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding model (MiniLM on the ONNX runtime) cannot load: its native library is unpacked into
 * {@code java.io.tmpdir} first, here a folder that does not exist. The real entry point runs in its own JVM, since
 * the model loads once per JVM. {@code studio index} says so in one line naming the folder and the reason, with no
 * Java class name or stack trace.
 */
class EmbeddingsLoadFailureTest {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) {
    }

    private Result studio(Path cwd, String tmpdir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        if (tmpdir != null) command.add("-Djava.io.tmpdir=" + tmpdir);
        command.addAll(List.of("-Dstudio.log.file=" + tmp.resolve("child.log"), "-cp",
                System.getProperty("java.class.path"), "org.promptstudio.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void indexSaysInOneLineThatTheModelCannotLoadAndWhy() throws Exception {
        Path ws = tmp.resolve("ws");
        Result init = studio(tmp, null, "init", ws.toString(), "--from-sample", "support-assistant");
        assertThat(init.exit()).as(init.output()).isZero();

        Path missing = tmp.resolve("no-such-tmp");
        Result index = studio(ws, missing.toString(), "index");

        assertThat(index.exit()).as(index.output()).isEqualTo(1);
        String error = index.output().strip();
        assertThat(error.lines()).as(error).hasSize(1);
        assertThat(error).contains("could not load the model").contains(missing.toString())
                .contains("no such file or folder");
        assertThat(error).doesNotContain("Exception").doesNotContain("Error:").doesNotContain("\tat ")
                .doesNotContain("null");
    }
}
