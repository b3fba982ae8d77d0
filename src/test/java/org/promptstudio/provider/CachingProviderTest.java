package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ModelRef;

class CachingProviderTest {

    @TempDir
    Path dir;

    private final CountingModel remote = new CountingModel();

    private CallOutcome call(CachePolicy policy, Double temperature, List<String> deltas) {
        ChatRequest request = new ChatRequest(CacheKeyTest.MINI, CacheKeyTest.PROMPT, CacheKeyTest.temperature(temperature));
        return new CachingProvider(remote, new ResponseCache(dir), policy).call(request, deltas::add);
    }

    private long recordings() throws IOException {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    @Test
    void byDefaultACallAtTemperatureZeroIsAnsweredFromTheCacheTheSecondTime() {
        CallOutcome first = call(CachePolicy.AUTO, 0.0, new ArrayList<>());
        List<String> deltas = new ArrayList<>();
        CallOutcome second = call(CachePolicy.AUTO, 0.0, deltas);

        assertThat(remote.calls).hasValue(1);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.cacheKey()).isEqualTo(first.cacheKey()).isNotNull();
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(second.result().latencyMillis()).isEqualTo(801);   // the recording's, not the lookup's
        assertThat(deltas).containsExactly("answer 1");
    }

    @Test
    void byDefaultOtherTemperaturesAndAnUnsetOneAreNeitherReadNorWritten() throws IOException {
        call(CachePolicy.AUTO, 0.7, new ArrayList<>());
        CallOutcome again = call(CachePolicy.AUTO, 0.7, new ArrayList<>());
        call(CachePolicy.AUTO, null, new ArrayList<>());
        call(CachePolicy.AUTO, null, new ArrayList<>());

        assertThat(remote.calls).hasValue(4);
        assertThat(again.cached()).isFalse();
        assertThat(again.cacheKey()).isNull();
        assertThat(recordings()).isZero();
    }

    @Test
    void alwaysCachesAnyTemperature() {
        call(CachePolicy.ALWAYS, 0.7, new ArrayList<>());
        assertThat(call(CachePolicy.ALWAYS, 0.7, new ArrayList<>()).cached()).isTrue();
        assertThat(remote.calls).hasValue(1);
    }

    @Test
    void noCacheNeitherReadsNorWrites() throws IOException {
        call(CachePolicy.AUTO, 0.0, new ArrayList<>());
        CallOutcome off = call(CachePolicy.OFF, 0.0, new ArrayList<>());
        assertThat(off.cached()).isFalse();
        assertThat(off.result().text()).isEqualTo("answer 2");
        assertThat(call(CachePolicy.AUTO, 0.0, new ArrayList<>()).result().text()).as("not overwritten").isEqualTo("answer 1");
        assertThat(remote.calls).hasValue(2);
        assertThat(recordings()).isOne();
    }

    @Test
    void refreshCallsTheModelAndReplacesTheRecording() {
        call(CachePolicy.AUTO, 0.0, new ArrayList<>());
        CallOutcome refreshed = call(CachePolicy.REFRESH, 0.0, new ArrayList<>());
        assertThat(refreshed.cached()).isFalse();
        assertThat(refreshed.result().text()).isEqualTo("answer 2");

        CallOutcome after = call(CachePolicy.AUTO, 0.0, new ArrayList<>());
        assertThat(after.cached()).isTrue();
        assertThat(after.result().text()).isEqualTo("answer 2");
        assertThat(remote.calls).hasValue(2);
    }

    @Test
    void aFailedCallIsNotRecorded() throws IOException {
        remote.failing = true;
        assertThatThrownBy(() -> call(CachePolicy.AUTO, 0.0, new ArrayList<>())).isInstanceOf(ProviderException.class);
        assertThat(recordings()).isZero();
    }

    @Test
    void builtInModelsPassStraightThrough() throws IOException {
        ModelRef echoRef = ModelRef.of("echo", "echo", null);
        CachingProvider caching = new CachingProvider(new EchoModel(echoRef, new TokenCounter()), new ResponseCache(dir),
                CachePolicy.ALWAYS);
        CallOutcome outcome = caching.call(new ChatRequest(echoRef, CacheKeyTest.PROMPT, CacheKeyTest.temperature(0.0)),
                StreamListener.NONE);
        assertThat(outcome.cached()).isFalse();
        assertThat(outcome.result().text()).isEqualTo("How long does delivery to Amsterdam take?");
        assertThat(recordings()).isZero();
        assertThat(caching.card()).get().extracting(ModelCard::kind).isEqualTo("echo");
    }

    @Test
    void runFlagsMapToPolicies() {
        assertThat(CachePolicy.fromFlags(false, false, false)).isEqualTo(CachePolicy.AUTO);
        assertThat(CachePolicy.fromFlags(true, false, false)).isEqualTo(CachePolicy.OFF);
        assertThat(CachePolicy.fromFlags(false, true, false)).isEqualTo(CachePolicy.REFRESH);
        assertThat(CachePolicy.fromFlags(false, false, true)).isEqualTo(CachePolicy.ALWAYS);
        assertThatThrownBy(() -> CachePolicy.fromFlags(true, true, false)).hasMessageContaining("--refresh");
    }
}
