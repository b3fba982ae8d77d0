package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.slf4j.LoggerFactory;

/** Every log line the provider package writes, at every level, during calls that retry and fail: no key in any. */
class NoSecretsInLogsTest {

    @TempDir
    Path tmp;

    WireServer server;
    ListAppender<ILoggingEvent> logs;
    Logger logger;
    Level before;

    @BeforeEach
    void capture() {
        server = WireServer.start();
        logger = (Logger) LoggerFactory.getLogger("org.promptstudio.provider");
        before = logger.getLevel();
        logger.setLevel(Level.TRACE);
        logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
        logger.setLevel(before);
        server.close();
    }

    @Test
    void callsThatRetryAndFailLogNoKey() {
        ProviderFactory factory = ProviderFactory.builder()
                .credentials(new Credentials(Dialect.ENV, tmp.resolve("credentials")))
                .sleeper(new RecordingSleeper()).tokenCommand(TokenCommand.NONE).build();
        for (Dialect d : Dialect.all()) {
            ModelRef ref = d.ref(server.url() + "/?key=" + Dialect.GEMINI_KEY, null);
            server.then(WireServer.json(429, "{\"error\":{\"message\":\"slow down " + d.secret() + "\"}}",
                    "Retry-After", "0"));
            server.then(WireServer.json(401, "{\"error\":{\"message\":\"bad key " + d.secret() + "\"}}"));
            Throwable e = catchThrowable(() -> factory.provider(ref)
                    .chat(new ChatRequest(ref, List.of(Message.text("user", "hi")), null), StreamListener.NONE));
            assertThat(e).isInstanceOf(ProviderException.class);
            assertThat(e.getMessage()).doesNotContain(Dialect.GEMINI_KEY);
            if (d.secret() != null) assertThat(e.getMessage()).doesNotContain(d.secret());
        }

        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage();
            for (String secret : List.of(Dialect.OPENAI_KEY, Dialect.AZURE_KEY, Dialect.ANTHROPIC_KEY,
                    Dialect.GEMINI_KEY, Dialect.VERTEX_TOKEN)) {
                assertThat(line).as(event.getLoggerName()).doesNotContain(secret);
            }
        }
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("key=***"));
    }

    @Test
    void aModelRefWithKeysInItsOptionsNeverShowsThem() {
        Map<String, Object> options = Map.of("apiKeyEnv", "MY_KEY");
        ModelRef ref = new ModelRef("m", "openai-compatible", "x", server.url(), null, null, null, null, null, null,
                options);
        Credentials credentials = new Credentials(Map.of("MY_KEY", "sk-mine-0123456789"), tmp.resolve("none"));

        assertThat(credentials.check("MY_KEY").toString()).doesNotContain("sk-mine");
        assertThat(ProviderFactory.builder().credentials(credentials).build().readiness(ref).toString())
                .doesNotContain("sk-mine");
    }
}
