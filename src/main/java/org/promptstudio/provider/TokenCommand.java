package org.promptstudio.provider;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A command that prints an access token, for Vertex AI when no token is set: {@code gcloud auth print-access-token}. */
public interface TokenCommand {

    /** Never gives a token. */
    TokenCommand NONE = new TokenCommand() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Optional<String> token() {
            return Optional.empty();
        }
    };

    /** Whether the command exists (cheap: it is not run). */
    boolean available();

    /** Runs the command; empty when it fails. */
    Optional<String> token();

    /** {@code gcloud auth print-access-token}, if gcloud is on the PATH. */
    static TokenCommand gcloud() {
        return new TokenCommand() {
            @Override
            public boolean available() {
                return onPath("gcloud").isPresent();
            }

            @Override
            public Optional<String> token() {
                Optional<Path> exe = onPath("gcloud");
                if (exe.isEmpty()) return Optional.empty();
                try {
                    Process p = new ProcessBuilder(List.of(exe.get().toString(), "auth", "print-access-token"))
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    byte[] out = p.getInputStream().readNBytes(8192);
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return Optional.empty();
                    }
                    String token = new String(out, StandardCharsets.UTF_8).strip();
                    return p.exitValue() == 0 && !token.isEmpty() ? Optional.of(token) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        };
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path exe = Path.of(dir, name);
            if (Files.isExecutable(exe)) return Optional.of(exe);
        }
        return Optional.empty();
    }
}
