package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static ProviderException http(int status, long retryAfter) {
        return new ProviderException("m: HTTP " + status, status == 429 || status == 408 || status >= 500,
                retryAfter, status, null);
    }

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoffIsFullJitterUnderADoublingCap() {
        ProviderException e = http(500, -1);

        assertThat(policy.delayMillis(1, e, 0.999)).isEqualTo(999);
        assertThat(policy.delayMillis(2, e, 0.999)).isEqualTo(1998);
        assertThat(policy.delayMillis(3, e, 0.999)).isEqualTo(3996);
        assertThat(policy.delayMillis(1, e, 0.0)).isZero();
        RetryPolicy many = policy.withMaxAttempts(20);
        assertThat(many.delayMillis(10, e, 0.999)).as("capped at 30 s").isEqualTo(29970);
    }

    @Test
    void retryAfterIsHonouredExactlyUpToTheLimit() {
        assertThat(policy.delayMillis(1, http(429, 1000), 0.3)).isEqualTo(1000);
        assertThat(policy.delayMillis(1, http(429, 120_000), 0.3)).isEqualTo(120_000);
        assertThat(policy.delayMillis(1, http(429, 3_600_000), 0.3)).as("an hour: give up now").isEqualTo(-1);
    }

    @Test
    void onlyRetryableFailuresAreRetriedAndOnlyUpToMaxAttempts() {
        assertThat(policy.delayMillis(1, http(400, -1), 0.5)).isEqualTo(-1);
        assertThat(policy.delayMillis(1, http(401, -1), 0.5)).isEqualTo(-1);
        assertThat(policy.delayMillis(1, http(404, -1), 0.5)).isEqualTo(-1);
        assertThat(policy.delayMillis(1, new ProviderException("m: 4xx", true, -1, 422, null), 0.5))
                .as("a 4xx is never retried, whatever the adapter said").isEqualTo(-1);
        assertThat(policy.delayMillis(1, http(408, -1), 0.5)).isEqualTo(500);
        assertThat(policy.delayMillis(1, new ProviderException("m: cannot connect", true, -1, 0, null), 0.5))
                .isEqualTo(500);
        assertThat(policy.delayMillis(1, new ProviderException("m: malformed response"), 0.5)).isEqualTo(-1);
        assertThat(policy.delayMillis(1, new CallCancelledException("m"), 0.5)).isEqualTo(-1);
        assertThat(policy.delayMillis(4, http(500, -1), 0.5)).as("4 attempts made").isEqualTo(-1);
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
        HttpTransport transport = new HttpTransport(HttpClient.newHttpClient(), clock);

        assertThat(transport.retryAfterMillis(headers(Map.of("Retry-After", List.of("7"))))).isEqualTo(7000);
        assertThat(transport.retryAfterMillis(headers(Map.of("retry-after", List.of("Thu, 26 Nov 2026 12:00:05 GMT")))))
                .isEqualTo(5000);
        assertThat(transport.retryAfterMillis(headers(Map.of("Retry-After", List.of("Wed, 25 Nov 2026 12:00:00 GMT")))))
                .as("a date in the past: now").isZero();
        assertThat(transport.retryAfterMillis(headers(Map.of("retry-after-ms", List.of("250"), "Retry-After",
                List.of("1"))))).isEqualTo(250);
        assertThat(transport.retryAfterMillis(headers(Map.of("Retry-After", List.of("soon"))))).isEqualTo(-1);
        assertThat(transport.retryAfterMillis(headers(Map.of()))).isEqualTo(-1);
    }

    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
