package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ContextChunk;

/** {@code studio calls show} (and the call browser) list the chunks a call was given (decision 0140). */
class CallTextContextTest {

    @Test
    void aCallGivenChunksShowsThemInAContextSection() {
        CallRecord call = CallRecord.builder().id(7L).model("builtin", "extractive").createdAt(Instant.EPOCH)
                .texts(new CallTexts("[]", "Refunds take 14 days. [1]", null, null))
                .context(List.of(new ContextChunk(1, "docs/refunds.md#0", "docs/refunds.md", 0, 0.0328,
                        "Refunds are paid\nwithin 14 days."))).build();
        assertThat(CallText.record(call, ZoneOffset.UTC, false)).contains("── context (chunks retrieved for this call) ──\n"
                + "[1] docs/refunds.md#0 · score 0.0328\n    Refunds are paid within 14 days.\n");
        assertThat(CallText.record(call.withContext(null), ZoneOffset.UTC, false)).doesNotContain("context (chunks");
    }
}
