package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.SumsWorkspace;
import org.promptstudio.testsupport.TempFolder;

/**
 * The run-budget commands' workspace, made fresh for each test: an OpenAI-compatible server on 127.0.0.1 answering
 * as {@code answer} says, and a workspace made by {@code studio init} with {@link SumsWorkspace}'s files, whose
 * model {@code modelId} ({@code local-llm}) is on that server. After the test the server stops and the folder is
 * deleted. Register with {@code @RegisterExtension}; a test's own {@code @BeforeEach} runs after this one, so it can
 * add experiments to {@link #ws()}.
 */
final class SumsRun implements BeforeEachCallback, AfterEachCallback {

    private final String name;
    private final String modelId;
    private final int cases;
    private final OpenAiChatServer.Answer answer;
    private Path tmp;
    private Path ws;
    private OpenAiChatServer server;

    /**
     * @param name    the workspace's name in studio.yaml
     * @param modelId the id of the model on the local server
     * @param cases   how many rows {@code datasets/sums.jsonl} gets
     * @param answer  how the server answers every request
     */
    SumsRun(String name, String modelId, int cases, OpenAiChatServer.Answer answer) {
        this.name = name;
        this.modelId = modelId;
        this.cases = cases;
        this.answer = answer;
    }

    /**
     * The workspace {@code budget} with {@code cases} sums whose model {@code broken} is refused every request (400,
     * "model not loaded": an error not retried).
     */
    static SumsRun refusing(int cases) {
        return new SumsRun("budget", "broken", cases,
                reply -> reply.error(400, "model not loaded", "invalid_request_error"));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        tmp = TempFolder.create("sums-run");
        server = OpenAiChatServer.start(answer);
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        SumsWorkspace.write(ws, name, modelId, "local-llm", server.url(), cases);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.close();
        TempFolder.delete(tmp);
    }

    /** The workspace folder of the running test. */
    Path ws() {
        return ws;
    }
}
