package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ResponseCacheTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger cacheLogger = (Logger) LoggerFactory.getLogger(ResponseCache.class);

    private final ChatRequest request = new ChatRequest(CacheKeyTest.MINI, CacheKeyTest.PROMPT, CacheKeyTest.temperature(0.0));
    private final ChatResult result = new ChatResult("Delivery takes 1-2 business days.", "stop",
            new ChatResult.Usage(31, 9, false), 812, 240L, "gpt-4o-mini-2024-07-18");

    @BeforeEach
    void listen() {
        log.start();
        cacheLogger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        cacheLogger.detachAppender(log);
    }

    @Test
    void recordsTheWholeResultInAFileShardedByKey() throws IOException {
        ResponseCache cache = new ResponseCache(dir.resolve("cache"));
        String key = CacheKey.of(request);

        assertThat(cache.get(key)).isEmpty();
        cache.put(key, request, result);

        Path file = dir.resolve("cache").resolve(key.substring(0, 2)).resolve(key + ".json");
        assertThat(cache.fileFor(key)).isEqualTo(file);
        assertThat(file).exists();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);   // no temporary file left behind
        }
        assertThat(Files.readString(file)).contains("\"modelId\" : \"gpt-4o-mini\"", "\"recordedAt\"",
                "\"lastUserMessage\" : \"How long does delivery to Amsterdam take?\"");
        assertThat(cache.get(key)).contains(result);
        assertThat(new ResponseCache(dir.resolve("cache")).get(key)).as("another process").contains(result);
        assertThat(log.list).isEmpty();
    }

    @Test
    void aResultWithoutUsageOrFirstTokenTimeRoundTrips() {
        ResponseCache cache = new ResponseCache(dir);
        ChatResult bare = new ChatResult("", null, null, 5, null, null);
        cache.put(CacheKey.of(request), request, bare);
        assertThat(cache.get(CacheKey.of(request))).contains(bare);
    }

    @Test
    void aCorruptOrForeignFileIsAMissWithAWarningAndIsReplacedByTheNextRecording() throws IOException {
        ResponseCache cache = new ResponseCache(dir);
        String key = CacheKey.of(request);
        Files.createDirectories(cache.fileFor(key).getParent());

        Files.writeString(cache.fileFor(key), "{\"format\": 1, \"key\": \"" + key + "\", \"result\": {\"te");
        assertThat(cache.get(key)).isEmpty();
        Files.writeString(cache.fileFor(key), "{\"format\": 1, \"key\": \"" + "0".repeat(64) + "\", \"result\": {\"text\": \"x\"}}");
        assertThat(cache.get(key)).isEmpty();
        Files.writeString(cache.fileFor(key), "[]");
        assertThat(cache.get(key)).isEmpty();

        assertThat(log.list).hasSize(3).allSatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).contains(cache.fileFor(key).toString(), "treated as a miss");
        });
        cache.put(key, request, result);
        assertThat(cache.get(key)).contains(result);
    }

    @Test
    void aFailedWriteIsLoggedNotThrown() throws IOException {
        Path blocker = dir.resolve("cache");
        Files.writeString(blocker, "a file where the cache folder should be");
        new ResponseCache(blocker).put(CacheKey.of(request), request, result);
        assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("Could not record the answer of model 'gpt-4o-mini'"));
    }

    @Test
    void refusesSomethingThatIsNotAKey() {
        ResponseCache cache = new ResponseCache(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.fileFor("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(cache.directory())).containsExactly(dir);
    }
}
