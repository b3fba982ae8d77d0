package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;

/**
 * The sample's replay model plays its committed recordings ({@code recordings/}) in a run as it does in
 * {@code studio test}: a new-user trial found {@code studio test ci-smoke} passing 8/8 and {@code studio run ci-smoke}
 * failing 8/8 with "no recording (prompt changed?)" although nothing had changed.
 */
class ReplayFromRecordingsTest {

    @TempDir
    Path dir;

    @Test
    void aRunReplaysTheCommittedRecordings() {
        Studio.initFromSample("support-assistant", dir);
        try (Studio studio = Studio.open(dir)) {
            Runs.Outcome outcome = studio.runs().plan(new Runs.Request("ci-smoke", null, null, null, CachePolicy.AUTO))
                    .start(Runs.Progress.NONE).outcome();

            assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(studio.runs().calls(outcome.runId())).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.status()).as(c.error() == null ? "" : c.error())
                            .isEqualTo(CallStatus.OK))
                    .allSatisfy(c -> assertThat(c.texts().output()).isNotBlank());
        }
    }
}
