package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.common.TaskRunner;

/**
 * A grid cell whose call did not answer (an error, a refusal, a cut-off before any text) shows no check badges: a
 * call that did not answer is not a failed check. A cell that answered shows its badges. The model is a local server
 * speaking OpenAI's streaming format, answering each row as its question asks.
 */
class CompareNoAnswerBadgesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Studio studio;
    OpenAiChatServer server;

    @BeforeEach
    void workspace() throws Exception {
        server = OpenAiChatServer.start(reply -> {
            JsonNode body = JSON.readTree(reply.body());
            JsonNode messages = body.get("messages");
            String asked = messages.get(messages.size() - 1).get("content").asText();
            if (asked.contains("error")) {
                reply.send(400, "application/json", "{\"error\":{\"message\":\"bad request\",\"type\":"
                        + "\"invalid_request_error\"}}");
                return;
            }
            String delta;
            String finish;
            if (asked.contains("refuse")) {
                delta = "{\"role\":\"assistant\",\"refusal\":\"I cannot help with that.\"}";
                finish = "stop";
            } else if (asked.contains("cutoff")) {
                delta = "{\"role\":\"assistant\",\"content\":\"\"}";
                finish = "length";
            } else {
                delta = "{\"role\":\"assistant\",\"content\":\"Paris is the capital.\"}";
                finish = "stop";
            }
            reply.send(200, "text/event-stream", "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":"
                    + "\"local-llm\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":\"" + finish
                    + "\"}]}\n\ndata: [DONE]\n\n");
        });
        Workspaces.init(dir, "grid", Workspaces.openAiModel("local", "local-llm", server.url()));
        Workspaces.write(dir, "prompts/capital.prompt", """
                ---
                metadata:
                  assertions:
                    - {type: contains, value: "Paris"}
                ---
                {{question}}
                """);
        Workspaces.write(dir, "datasets/asks.jsonl", """
                {"id": "fine", "question": "fine: capital of France?"}
                {"id": "error", "question": "error: capital of France?"}
                {"id": "refuse", "question": "refuse: capital of France?"}
                {"id": "cutoff", "question": "cutoff: capital of France?"}
                """);
        studio = Studio.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
        server.close();
    }

    @Test
    void aCellWhoseCallDidNotAnswerShowsNoCheckBadges() {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("capital");
        vm.onLoadChoices();
        vm.versions().setAll("working");
        vm.models().setAll("local");
        vm.datasetProperty().set("asks");
        vm.onRun();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.rows()).extracting(CompareViewModel.GridRow::caseId)
                .containsExactly("fine", "error", "refuse", "cutoff");

        CompareViewModel.CellState fine = vm.rows().get(0).cell(0).get();
        assertThat(fine.badges()).extracting(CompareViewModel.Badge::type, CompareViewModel.Badge::pass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("contains", true));
        for (int row = 1; row < 4; row++) {
            CompareViewModel.CellState cell = vm.rows().get(row).cell(0).get();
            String id = vm.rows().get(row).caseId();
            assertThat(cell.status()).as(id).isIn(CompareViewModel.Status.DONE, CompareViewModel.Status.FAILED);
            assertThat(cell.badges()).as(id + ": a call that did not answer is not a failed check").isEmpty();
        }
    }

    @Test
    void aNonAnswerThatAnAssertionAsksForIsJudgedAndKeepsItsBadges() {
        // a safety check that expects the refusal: the refusal is its answer (decision 0040), so its badge shows
        Workspaces.write(dir, "prompts/guard.prompt", """
                ---
                metadata:
                  assertions:
                    - {type: is-refusal}
                ---
                {{question}}
                """);
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set("guard");
        vm.onLoadChoices();
        vm.versions().setAll("working");
        vm.models().setAll("local");
        vm.datasetProperty().set("asks");
        vm.onRun();
        assertThat(vm.errorProperty().get()).isEmpty();

        CompareViewModel.CellState refused = vm.rows().get(2).cell(0).get();
        assertThat(vm.rows().get(2).caseId()).isEqualTo("refuse");
        assertThat(refused.badges()).extracting(CompareViewModel.Badge::type, CompareViewModel.Badge::pass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("is-refusal", true));
        assertThat(vm.rows().get(1).cell(0).get().badges()).as("an error is still not checked").isEmpty();
    }
}
