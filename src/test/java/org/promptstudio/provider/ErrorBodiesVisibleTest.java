package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Raw control bytes and undecodable bytes a server sends never reach the terminal or the grid: error text quoting a
 * body writes them as visible escapes (issue 12 trial: {@code ^@M-oM-?M-=} in calls show, a box and U+FFFD in a cell).
 * Reference: U+0000 is NUL; EF BF BD ({@code M-oM-?M-=} in cat -v) is U+FFFD in UTF-8 (Unicode 15, ch. 3.9).
 */
class ErrorBodiesVisibleTest {

    @Test
    void controlCharactersAndReplacementRunsBecomeVisibleEscapes() {
        assertThat(ErrorBodies.visible("a\u0000b\uFFFD\uFFFD\uFFFDc\u001b[31m")).isEqualTo("a\\u0000b\\uFFFDc\\u001B[31m");
        assertThat(ErrorBodies.shorten("bad\u0000 body\n\u0007")).isEqualTo("bad\\u0000 body \\u0007");
    }

    @Test
    void aServersBodyWithRawBytesIsQuotedVisiblyInTheError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        try (WireServer server = WireServer.start()) {
            server.then(WireServer.text(500, "text/plain", "boom\u0000\uFFFD\uFFFD end"));
            ModelRef ref = new ModelRef("m", "openai-compatible", "local", server.url(), GenerationParams.NONE, null,
                    null, null, null, null, Map.of("maxRetries", 0));
            ProviderFactory factory = WireTestSupport.factory(tmp);
            String message = null;
            try {
                factory.adapter(ref).chat(new ChatRequest(ref, List.of(Message.text("user", "hi")), null),
                        StreamListener.NONE);
            } catch (ProviderException e) {
                message = e.getMessage();
            }
            assertThat(message).contains("boom\\u0000\\uFFFD end").doesNotContain("\u0000").doesNotContain("\uFFFD");
        }
    }
}
