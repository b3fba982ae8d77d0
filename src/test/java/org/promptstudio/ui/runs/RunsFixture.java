package org.promptstudio.ui.runs;


import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.Workspaces;

/**
 * A workspace with two finished runs of one experiment on the built-in echo model (it answers with the prompt's
 * text): run one's prompt says "Q:", so all 4 cases pass their {@code contains "Q:"} check; run two's does not, so
 * cases dial and valve break (the other two check something both runs say).
 */
final class RunsFixture {

    long first;
    long second;

    Studio open(Path dir) throws Exception {
        Workspaces.init(dir, "runs", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?", "assert": [{"type": "contains", "value": "Q:"}]}
                {"id": "valve", "question": "How do valves pair?", "assert": [{"type": "contains", "value": "Q:"}]}
                {"id": "bridge", "question": "Is the bridge down?", "assert": [{"type": "contains", "value": "bridge"}]}
                {"id": "sensor", "question": "Sensor is red", "assert": [{"type": "contains", "value": "Sensor"}]}
                """);
        Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                """);
        Studio studio = Studio.open(dir);
        first = run(studio);
        Files.writeString(dir.resolve("prompts/ask.prompt"), "{{question}}\n");
        second = run(studio);
        return studio;
    }

    private static long run(Studio studio) {
        return studio.runs().plan(new Runs.Request("asks", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
    }
}
