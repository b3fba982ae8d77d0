package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.provider.WireTestSupport.ref;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * A base URL that points at something other than the provider: the error line stays one short readable line. A
 * new-user trial found the whole HTML page of {@code python3 -m http.server} on the line, and a junk server's bytes
 * as mojibake in the HTTP client's own wording.
 */
class ErrorTextProviderTest {

    @TempDir
    Path tmp;

    private static ChatRequest hello(ModelRef ref) {
        return new ChatRequest(ref, List.of(Message.text("user", "hi")), GenerationParams.NONE);
    }

    @Test
    void anHtmlErrorPageIsReducedToItsTitle() {
        // the page python3 -m http.server sends for a POST (http/server.py, DEFAULT_ERROR_MESSAGE)
        String page = """
                <!DOCTYPE HTML>
                <html lang="en">
                    <head>
                        <meta charset="utf-8">
                        <title>Error response</title>
                    </head>
                    <body>
                        <h1>Error response</h1>
                        <p>Error code: 501</p>
                        <p>Message: Unsupported method ('POST').</p>
                    </body>
                </html>
                """;
        try (WireServer server = WireServer.start()) {
            for (int i = 0; i < 4; i++) server.then(WireServer.text(501, "text/html;charset=utf-8", page));
            ModelRef ref = ref("ollama", "llama3.2", server.url(), Map.of());
            assertThatThrownBy(() -> WireTestSupport.factory(tmp).adapter(ref).chat(hello(ref), StreamListener.NONE))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageEndingWith(": Error response")
                    .hasMessageContaining("HTTP 501 from ")
                    .hasMessageNotContaining("<").hasMessageNotContaining("\n");
        }
    }

    @Test
    void aBodyIsCutToOneLineOfPrintableCharacters() {
        String body = "line one\r\n\u0000\u0007bad\u001b[31m " + "x".repeat(500);
        String shown = ErrorBodies.detail(body);
        assertThat(shown).startsWith("line one \\u0000\\u0007bad\\u001B[31m xxx").endsWith("...").doesNotContain("\n", "\u0000");
        assertThat(shown).hasSize(ErrorBodies.MAX + 3);
        assertThat(ErrorBodies.detail("<html><body><h1>Bad gateway</h1><p>nginx</p></body></html>"))
                .isEqualTo("Bad gateway nginx");
    }

    @Test
    void aServerThatSpeaksNoHttpIsNamedSo() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread junk = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        InputStream in = s.getInputStream();
                        in.read(new byte[4096]);
                        OutputStream out = s.getOutputStream();
                        out.write(new byte[] {' ', 'J', 'U', 'N', 'K', (byte) 0xFF, (byte) 0xFE, 0x01});
                        out.write(" garbage garbage\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            junk.setDaemon(true);
            junk.start();
            String url = "http://127.0.0.1:" + socket.getLocalPort();
            ModelRef ref = ref("ollama", "llama3.2", url, Map.of());
            assertThatThrownBy(() -> WireTestSupport.factory(tmp).adapter(ref).chat(hello(ref), StreamListener.NONE))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("did not answer in HTTP (")
                    .hasMessageContaining("the answer has no HTTP status line")
                    .hasMessageNotContaining("\u00ff").hasMessageNotContaining("\n");
        }
    }
}
