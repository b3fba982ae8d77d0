package org.promptstudio.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bearer tokens for Vertex AI without Google's auth libraries: {@code VERTEX_ACCESS_TOKEN} or
 * {@code GOOGLE_OAUTH_ACCESS_TOKEN} (environment or credentials file), else a {@link TokenCommand}
 * ({@code gcloud auth print-access-token}), kept for 45 minutes (gcloud's tokens live an hour).
 */
final class VertexTokens {

    static final String[] NAMES = {"VERTEX_ACCESS_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN"};
    private static final Duration KEEP = Duration.ofMinutes(45);

    private final Credentials credentials;
    private final TokenCommand command;
    private final Clock clock;
    private Secret cached;
    private Instant cachedAt;

    VertexTokens(Credentials credentials, TokenCommand command, Clock clock) {
        this.credentials = credentials;
        this.command = command;
        this.clock = clock;
    }

    Readiness readiness() {
        Readiness fromSettings = credentials.check(NAMES);
        if (fromSettings.isReady()) return fromSettings;
        if (command.available()) return Readiness.ready("gcloud on the PATH");
        return Readiness.notReady(String.join(" or ", NAMES) + " not set and no gcloud on the PATH");
    }

    synchronized Secret token() {
        Optional<Secret> set = credentials.find(NAMES);
        if (set.isPresent()) return set.get();
        if (cached != null && clock.instant().isBefore(cachedAt.plus(KEEP))) return cached;
        String token = command.token().orElseThrow(() -> new ProviderException(
                "no Vertex AI token: " + String.join(" or ", NAMES) + " not set and 'gcloud auth print-access-token'"
                        + " gave none"));
        cached = new Secret(token, "gcloud auth print-access-token");
        cachedAt = clock.instant();
        return cached;
    }
}
