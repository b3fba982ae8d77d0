package org.promptstudio.provider;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bearer tokens for Vertex AI without Google's auth libraries: {@code VERTEX_ACCESS_TOKEN} or
 * {@code GOOGLE_OAUTH_ACCESS_TOKEN} (environment or credentials file), else {@code gcloud auth print-access-token},
 * kept for 45 minutes (gcloud's tokens live an hour).
 */
final class VertexTokens {

    static final String[] NAMES = {"VERTEX_ACCESS_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN"};
    private static final Duration KEEP = Duration.ofMinutes(45);

    private final Credentials credentials;
    private final Supplier<Optional<String>> gcloud;
    private final Clock clock;
    private Secret cached;
    private Instant cachedAt;

    VertexTokens(Credentials credentials, Supplier<Optional<String>> gcloud, Clock clock) {
        this.credentials = credentials;
        this.gcloud = gcloud;
        this.clock = clock;
    }

    /** Asks the {@code gcloud} on the PATH, if there is one. */
    static Supplier<Optional<String>> gcloudCommand() {
        return () -> {
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
        };
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path exe = Path.of(dir, name);
            if (Files.isExecutable(exe)) return Optional.of(exe);
        }
        return Optional.empty();
    }

    Readiness readiness() {
        Readiness fromSettings = credentials.check(NAMES);
        if (fromSettings.isReady()) return fromSettings;
        if (onPath("gcloud").isPresent()) return Readiness.ready();
        return Readiness.notReady(String.join(" or ", NAMES) + " not set and no gcloud on the PATH");
    }

    synchronized Secret token() {
        Optional<Secret> set = credentials.find(NAMES);
        if (set.isPresent()) return set.get();
        if (cached != null && clock.instant().isBefore(cachedAt.plus(KEEP))) return cached;
        String token = gcloud.get().orElseThrow(() -> new ProviderException(
                "no Vertex AI token: " + String.join(" or ", NAMES) + " not set and 'gcloud auth print-access-token'"
                        + " gave none"));
        cached = new Secret(token, "gcloud auth print-access-token");
        cachedAt = clock.instant();
        return cached;
    }
}
