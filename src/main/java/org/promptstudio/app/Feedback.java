package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.FeedbackRepository;

/**
 * Thumbs up or down and a comment on a recorded answer, written to the database the moment they are given (the
 * compare grid's rating buttons): labels of the built-in {@code thumbs} schema, which labelling, agreement and exports
 * read as any other label (decision 0123). Each rating is a new label: the latest one for a call is what the person
 * thinks now, and the earlier ones stay as history.
 */
public final class Feedback {

    /** A rating's direction. */
    public enum Rating {
        UP, DOWN;

        /** As stored: {@code up} or {@code down}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The kind of the feedback rows this use case writes. */
    public static final String KIND = "rating";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<FeedbackRepository> repository;
    private final Supplier<String> annotator;
    private final java.util.function.LongPredicate runExists;

    /**
     * @param annotator who gives the ratings, asked at each rating (the studio's identity: the name commits are made
     *                  under); null or blank gives {@code unknown}
     * @param runExists whether a run of that id is recorded (a list for a run that is not says so)
     */
    Feedback(Supplier<FeedbackRepository> repository, Supplier<String> annotator,
             java.util.function.LongPredicate runExists) {
        this.repository = repository;
        this.annotator = annotator;
        this.runExists = runExists;
    }

    /**
     * Records {@code rating} (and {@code comment}, null or blank for none) on call {@code callId}, at once.
     *
     * @return the stored row, with its id
     * @throws StudioException one line when the database cannot be written (read-only workspace, no such call)
     */
    public FeedbackRecord rate(long callId, Rating rating, String comment) {
        if (rating == null) throw new IllegalArgumentException("rating is null");
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("rating", rating.id());
        if (comment != null && !comment.isBlank()) value.put("comment", comment.strip());
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StudioException("cannot write the rating: " + e.getOriginalMessage(), e);
        }
        String who = annotator == null ? null : annotator.get();
        if (who == null || who.isBlank()) who = "unknown";
        return repository.get().insert(new FeedbackRecord(null, callId, who, KIND, json, Instant.now()));
    }

    /** The feedback on call {@code callId}, oldest first. */
    public List<FeedbackRecord> forCall(long callId) {
        return repository.get().forCall(callId);
    }

    /** The latest rating on call {@code callId} ({@code up} / {@code down} and its comment), or null when none. */
    public Given latest(long callId) {
        List<FeedbackRecord> all = forCall(callId);
        for (int i = all.size() - 1; i >= 0; i--) {
            FeedbackRecord f = all.get(i);
            if (!KIND.equals(f.kind())) continue;
            try {
                Map<?, ?> m = JSON.readValue(f.valueJson(), Map.class);
                Rating r = "up".equals(m.get("rating")) ? Rating.UP : "down".equals(m.get("rating")) ? Rating.DOWN : null;
                if (r != null) return new Given(r, m.get("comment") == null ? "" : String.valueOf(m.get("comment")));
            } catch (JsonProcessingException e) {
                // a row another tool wrote in another shape is not a rating
            }
        }
        return null;
    }

    /**
     * One piece of feedback as the list shows it.
     *
     * @param id        the feedback row's id
     * @param callId    the call it is about ({@code studio calls show ID})
     * @param at        when it was given
     * @param runId     the call's run, null for a call outside a run
     * @param promptId  the call's prompt as the user names it ({@code answer.formal}), {@code -} when none
     * @param model     {@code provider/model}
     * @param caseId    the dataset case, null when none
     * @param annotator who gave it
     * @param rating    {@code up} / {@code down} for a rating; for feedback of another kind, its kind
     * @param comment   the comment, empty when none; for another kind, its value as JSON
     */
    public record Listed(long id, long callId, Instant at, Long runId, String promptId, String model, String caseId,
                         String annotator, String rating, String comment) {
    }

    /**
     * The feedback given on the calls of run {@code runId} and prompt {@code prompt} (each null for any), newest first.
     *
     * @param prompt a prompt's id ({@code answer}) or file ({@code prompts/answer.prompt}), or null
     * @param limit  at most this many rows, at least 1
     * @throws StudioException one line when the database cannot be read, or naming run {@code runId} when no such run
     *                         is recorded ({@code no run 99 (see 'studio runs')}, as {@code studio eval} says it)
     */
    public List<Listed> list(Long runId, String prompt, int limit) {
        if (runId != null && !runExists.test(runId)) {
            throw Runs.unknownRun(runId);
        }
        String path = prompt == null ? null : CallText.promptPath(prompt);
        List<Listed> out = new java.util.ArrayList<>();
        for (org.promptstudio.store.FeedbackRepository.Listed row : repository.get().list(runId, path, limit)) {
            FeedbackRecord f = row.feedback();
            String rating = f.kind();
            String comment = f.valueJson();
            if (KIND.equals(f.kind())) {
                try {
                    Map<?, ?> m = JSON.readValue(f.valueJson(), Map.class);
                    if (m.get("rating") != null) rating = String.valueOf(m.get("rating"));
                    comment = m.get("comment") == null ? "" : String.valueOf(m.get("comment"));
                } catch (JsonProcessingException e) {
                    // a row another tool wrote in another shape: shown as stored
                }
            }
            out.add(new Listed(f.id(), f.callId(), f.createdAt(), row.runId(), CallText.promptId(row.promptPath()),
                    row.provider() + "/" + row.model(), row.caseId(), f.annotator(), rating, comment));
        }
        return out;
    }

    /** A rating as given: the direction and the comment (empty when none). */
    public record Given(Rating rating, String comment) {
    }
}
