package org.promptstudio.ui.runs.launch;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.SumsWorkspace;

/**
 * The launcher tests' workspace: five sums, a priced echo model ($1 a token) and the model {@code held} on a local
 * server that counts {@link #firstRequest} down at each request, then holds it until {@link #release} and answers
 * "4" whole (20 tokens in, 1 out). Experiments {@code dear} (the echo model) and {@code held}.
 */
final class RunLaunchFixture {

    /** Counted down by the server's first request. */
    final CountDownLatch firstRequest = new CountDownLatch(1);
    /** Lets the held requests answer. */
    final CountDownLatch release = new CountDownLatch(1);
    private OpenAiChatServer server;

    /** Starts the server, writes the workspace in {@code dir} and opens it (the caller closes the studio). */
    Studio open(Path dir) throws Exception {
        server = OpenAiChatServer.start(reply -> {
            firstRequest.countDown();
            if (!reply.hold(release)) return;
            reply.whole("4", 20, 1);
        });
        Studio.init(dir, "launch");
        SumsWorkspace.write(dir, "launch", "held", "held-llm", server.url(), RunLaunchViewModelTest.CASES);
        SumsWorkspace.experiment(dir, "dear", "dear-echo", 2);
        SumsWorkspace.experiment(dir, "held", "held", 1);
        return Studio.open(dir);
    }

    /** Lets any held request go and stops the server. */
    void close() {
        release.countDown();
        if (server != null) server.close();
    }
}
