package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ModelUsage;

/**
 * A call's reasoning ("thinking") tokens are kept apart from, and among, its output tokens (migration V5), and a
 * database made before V5 opens with its calls as they were: their reasoning count unknown (null), summed as 0.
 */
class ReasoningTokensStoreTest {

    @TempDir
    Path tmp;

    @Test
    void reasoningTokensReadBackAndAreSummedPerModelAmongTheOutputTokens() {
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            Instant t = Instant.parse("2026-11-29T10:00:00Z");
            // 10 in, 982 out of which 980 thinking (issue 10's Gemini call)
            CallRecord thinking = SampleCalls.call(null, "gemini-2.5-flash", t).tokens(10, 982).reasoningTokens(980)
                    .build();
            CallRecord plain = SampleCalls.call(null, "gemini-2.5-flash", t.plusSeconds(1)).tokens(10, 20)
                    .reasoningTokens(0).build();
            long id = db.calls().insert(thinking);
            db.calls().insertBatch(List.of(plain));

            assertThat(db.calls().find(id).orElseThrow()).isEqualTo(thinking.withId(id));
            assertThat(db.calls().list(CallQuery.latest(10))).extracting(CallRecord::reasoningTokens)
                    .containsExactly(0L, 980L);
            ModelUsage usage = db.calls().usageByModel().get(0);
            assertThat(usage.tokensOut()).isEqualTo(1002);
            assertThat(usage.reasoningTokens()).isEqualTo(980);
        }
    }

    @Test
    void aDatabaseFromBeforeV5KeepsItsCallsWithTheirReasoningCountUnknown() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("old/studio") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO calls (provider, model, status, tokens_in, tokens_out, cost, created_at,"
                    + " sample_index) VALUES ('openai', 'gpt-4o-mini', 'ok', 100, 40, 0.0001, TIMESTAMP WITH TIME ZONE '2026-11-01"
                    + " 10:00:00+00:00', 0)");
        }

        try (Database db = Database.open(tmp.resolve(".studio"), url)) {
            CallRecord old = db.calls().list(CallQuery.latest(10)).get(0);
            assertThat(old.tokensOut()).isEqualTo(40);
            assertThat(old.reasoningTokens()).isNull();
            assertThat(old.cost()).isEqualTo(new BigDecimal("0.0001"));
            assertThat(db.calls().usageByModel().get(0).reasoningTokens()).isZero();
        }
    }

    @Test
    void tokenCountsAreStoredWholeWithTheNoteOnCountsThatCannotBeTrue() {
        // 99,999,999,999 cut to 32 bits was 1,215,752,191 (issue 12 trial); V9 keeps it whole
        try (Database db = Database.open(tmp.resolve(".studio"))) {
            CallRecord huge = SampleCalls.call(null, "local", Instant.parse("2026-11-29T10:00:00Z"))
                    .tokens(10L, 99_999_999_999L).reasoningTokens(0L).cost(null)
                    .usageNote("m reported 99,999,999,999 output tokens (more than any model writes); cost unknown")
                    .build();
            long id = db.calls().insert(huge);

            CallRecord back = db.calls().find(id).orElseThrow();
            assertThat(back.tokensOut()).isEqualTo(99_999_999_999L);
            assertThat(back.cost()).isNull();
            assertThat(back.usageNote()).contains("99,999,999,999");
            assertThat(org.promptstudio.app.CallText.cost(back, back.cost())).isEqualTo("?");
            assertThat(org.promptstudio.app.CallText.record(back, java.time.ZoneOffset.UTC, false))
                    .contains("tokens 10/99999999999 · cost unknown (implausible usage)")
                    .contains("usage     implausible: m reported 99,999,999,999 output tokens");
        }
    }
}
