package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.Workspaces;

/**
 * Stop aborts a playground judge's HTTP request itself, not only the wait for it (decision 0113): the judge's server
 * (a bare socket on 127.0.0.1 that reads the request and never answers) sees the studio close the connection.
 */
class PlaygroundJudgeStopTest {

    @TempDir
    Path dir;

    @Test
    void stopClosesTheJudgesConnection() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread judge = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[4096];
                    // reads the request, never answers: read() ends (-1 or reset) only when the client closes
                    while (in.read(buffer) >= 0) asked.countDown();
                } catch (IOException e) {
                    // reset by the client: closed too
                }
                closed.countDown();
            }, "held-judge");
            judge.setDaemon(true);
            judge.start();
            Workspaces.init(dir, "stopped", "  - id: echo\n    provider: echo\n"
                    + Workspaces.openAiModel("judge", "gpt-judge", "http://127.0.0.1:" + server.getLocalPort()));
            Files.writeString(dir.resolve("prompts/polite.prompt"), """
                    ---
                    metadata:
                      assertions:
                        - {type: llm-rubric, value: "is polite", judge: judge}
                    ---
                    {{role "system"}}Be polite.
                    {{history}}
                    """);
            try (Studio studio = Studio.open(dir)) {
                Playground playground = studio.playground(studio.models(CachePolicy.OFF));
                Playground.Session s = playground.open("polite", null, List.of("echo"), Map.of());
                Cancellation stop = new Cancellation();
                CompletableFuture<Playground.Turn> sent = CompletableFuture.supplyAsync(
                        () -> playground.send(s, "please help", Playground.Listener.NONE, stop));
                assertThat(asked.await(60, TimeUnit.SECONDS)).as("the judge was asked").isTrue();
                assertThat(closed.getCount()).as("the judge's connection is open while it thinks").isEqualTo(1);

                stop.cancel();

                assertThat(closed.await(60, TimeUnit.SECONDS)).as("Stop closed the judge's connection").isTrue();
                Playground.Turn turn = sent.get(60, TimeUnit.SECONDS);
                assertThat(turn.replies().get(0).text()).isEqualTo("please help");
                assertThat(turn.replies().get(0).checks()).isEmpty();
                assertThat(turn.replies().get(0).judged()).isEmpty();
            }
        }
    }
}
