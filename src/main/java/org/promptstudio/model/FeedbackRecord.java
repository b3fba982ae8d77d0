package org.promptstudio.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a person said about one recorded answer, as stored in the {@code feedback} table: a thumbs up or down
 * ({@code kind} {@code "rating"}, {@code valueJson} {@code {"rating":"up","comment":"..."}}), written the moment it is
 * given. {@code id} is null until stored. The labelling issue reads the same rows.
 *
 * @param callId    the call the feedback is about
 * @param annotator who gave it (the operating-system user name of the studio that recorded it)
 * @param kind      what sort of feedback ({@code rating} for thumbs)
 * @param valueJson the feedback as a JSON object
 */
public record FeedbackRecord(Long id, long callId, String annotator, String kind, String valueJson, Instant createdAt) {

    public FeedbackRecord {
        if (annotator == null || annotator.isBlank()) throw new IllegalArgumentException("annotator is empty");
        if (kind == null || kind.isBlank()) throw new IllegalArgumentException("kind is empty");
        if (valueJson == null) throw new IllegalArgumentException("value is null");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }
}
