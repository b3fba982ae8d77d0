package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;

/**
 * {@link Monitoring#report} on the support-assistant sample in real git: a version number and a label are resolved
 * to the commits the calls were recorded with, a label with no prompt given to every prompt it is on; buckets cover
 * the whole period, and {@code --since} forms are read or refused in one line.
 */
class MonitoringTest {

    static final String ANSWER = "prompts/answer.prompt";
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path root;
    Studio studio;

    @BeforeEach
    void workspace() {
        Studio.initFromSample("support-assistant", root);
        git(root, "config", "user.name", "Ada Lovelace");
        git(root, "config", "user.email", "ada@example.org");
        studio = Studio.open(root);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private void record(String commit, int n) {
        for (int i = 0; i < n; i++) {
            StudioParts.calls(studio).insert(CallRecord.builder().prompt(ANSWER, commit).model("echo", "echo")
                    .tokens(10, 5).latencyMs(100L + i).createdAt(T0.plusSeconds(60L * i)).build());
        }
    }

    @Test
    void versionsAndLabelsAreResolvedToTheCommitsTheCallsWereRecordedWith() throws Exception {
        String v1 = studio.versions().resolve("answer", "1").commitId();
        Path file = root.resolve(ANSWER);
        Files.writeString(file, Files.readString(file) + "\nBe brief.\n");
        studio.versions().save("answer", "Brief");
        String v2 = studio.versions().resolve("answer", "2").commitId();
        studio.versions().label("answer", "production", "1");
        record(v1, 3);
        record(v2, 2);

        MonitorRequest day = MonitorRequest.all(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), Grain.DAY);
        assertThat(studio.monitoring().report(day).total().calls()).isEqualTo(5);
        assertThat(studio.monitoring().report(day.withPrompt("answer")).total().calls()).isEqualTo(5);
        assertThat(studio.monitoring().report(day.withPrompt("answer").withVersion("2")).total().calls()).isEqualTo(2);
        assertThat(studio.monitoring().report(day.withPrompt("answer").withVersion("production")).total().calls())
                .isEqualTo(3);
        assertThat(studio.monitoring().report(day.withLabel("production")).total().calls()).isEqualTo(3);
        // a label that names nothing is said, listing the labels there are, never an empty report
        assertThatThrownBy(() -> studio.monitoring().report(day.withLabel("no-such-label")))
                .isInstanceOf(UnknownFilterException.class)
                .hasMessage("no label 'no-such-label' in this workspace; labels: production");

        MonitorReport hours = studio.monitoring().report(day.withGrain(Grain.HOUR));
        assertThat(hours.buckets()).hasSize(48);
        assertThat(hours.buckets().stream().filter(b -> b.calls() > 0).map(b -> b.start()))
                .containsExactly(T0);
        assertThat(hours.total().p50Ms()).isBetween(90L, 115L);
        assertThatThrownBy(() -> studio.monitoring().report(day.withVersion("1")))
                .isInstanceOf(StudioException.class).hasMessage("a version needs a prompt: give --prompt with --version");
    }

    @Test
    void lastSevenDaysIsTheSameWholeUtcDaysForTheCommandAndTheDashboards() {
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-12-01T13:45:10Z"), java.time.ZoneOffset.UTC);
        MonitorRequest cli = Monitoring.period("7d", Grain.DAY, clock);
        // today and the 6 whole UTC days before it, not now minus 7 x 24 h
        assertThat(cli.from()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(cli.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(MonitorRequest.last(Duration.ofDays(7), Grain.DAY, clock)).isEqualTo(cli);
        // by the hour: this hour and the 23 before it for 24h; a part of an hour takes the whole hour
        MonitorRequest day = Monitoring.period("24h", Grain.HOUR, clock);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-12-01T14:00:00Z"));
        assertThat(Monitoring.period("90m", Grain.HOUR, clock).from()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
        // a date starts there and ends with the bucket now is in, as a time ago does
        MonitorRequest date = Monitoring.period("2026-11-20", Grain.DAY, clock);
        assertThat(date.from()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(date.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        // an instant inside a bucket: the figures are kept by whole bucket, so the period starts where its bucket does
        assertThat(Monitoring.period("2026-12-01T09:05:00Z", Grain.HOUR, clock).from())
                .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(Monitoring.period("2026-11-30T09:05:00Z", Grain.DAY, clock).from())
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        // at midnight exactly, the new day is the last of the seven
        java.time.Clock midnight = java.time.Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(Monitoring.period("7d", Grain.DAY, midnight).from()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void sinceTakesATimeAgoADateOrAnInstant() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(Monitoring.since("7d", now)).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(Monitoring.since("90m", now)).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
        assertThat(Monitoring.since("2w", now)).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
        assertThat(Monitoring.since("2026-11-01", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Monitoring.since("2026-11-01T08:00:00Z", now)).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThatThrownBy(() -> Monitoring.since("last week", now)).hasMessage("--since 'last week': give a time ago"
                + " (90m, 24h, 7d, 2w), a date (2026-11-01) or an instant (2026-11-01T08:00:00Z)");
        assertThatThrownBy(() -> Monitoring.since("0d", now)).hasMessage("--since 0d: give a period of at least 1");
    }
}
