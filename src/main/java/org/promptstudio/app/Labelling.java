package org.promptstudio.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.promptstudio.labelling.Consensus;
import org.promptstudio.labelling.LabelImport;
import org.promptstudio.labelling.LabelQueues;
import org.promptstudio.labelling.LabellingException;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelImportSummary;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelProgress;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelQueue;
import org.promptstudio.model.LabelQueueCreated;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.model.LabelQueueSummary;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelTask;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.LabelQueueRepository;

/**
 * Labelling recorded answers (issue 13): the workspace's label schemas ({@code studio.yaml} {@code labels:} and the
 * built-in {@code thumbs}), queues made from recorded calls, the next item for an annotator, labels written the moment
 * they are submitted, undo, progress, disagreements and adjudication, labels imported from CSV, and the stored labels
 * and their consensus for the other use cases (exports, agreement, calibration). Every method reads the database
 * afresh: two windows or a window and a command on one workspace see the same queue.
 */
public final class Labelling {

    private final Studio studio;
    private final Supplier<String> identity;

    /** @param identity the studio's identity (the name commits are made under): the default annotator */
    Labelling(Studio studio, Supplier<String> identity) {
        this.studio = studio;
        this.identity = identity;
    }

    private LabelQueues service() {
        return new LabelQueues(studio.database().labelQueues(), studio.database().labels());
    }

    /**
     * Who labels when no name is given: the settings' {@code annotator}, else the studio's identity (git's user.name,
     * the settings' author, the login).
     */
    public String annotator() {
        String who = identity.get();
        return who == null || who.isBlank() ? "unknown" : who.strip();
    }

    private String who(String annotator) {
        return annotator == null || annotator.isBlank() ? annotator() : annotator.strip();
    }

    /** The workspace's label schemas: the built-in {@code thumbs} first, then those of studio.yaml in their order. */
    public List<LabelSchema> schemas() {
        return studio.workspace().config().labelSchemas();
    }

    /**
     * Schema {@code name}.
     *
     * @throws StudioException naming the known schemas when there is none of that name
     */
    public LabelSchema schema(String name) {
        for (LabelSchema s : schemas()) {
            if (s.name().equals(name)) return s;
        }
        throw new StudioException("no label schema '" + name + "' in studio.yaml (known: " + String.join(", ",
                schemas().stream().map(LabelSchema::name).toList()) + ")");
    }

    private Map<String, LabelSchema> schemasByName() {
        Map<String, LabelSchema> out = new LinkedHashMap<>();
        for (LabelSchema s : schemas()) out.put(s.name(), s);
        return out;
    }

    /**
     * Makes queue {@code spec.name()} of the recorded calls its filters select (answered calls only) and stores it
     * with its items; created by the studio's identity.
     *
     * @return the new queue with its figures
     * @throws StudioException one line: an unknown schema, run or split, a name in use, pairs for a schema that is not
     *                         pairwise, overlap below 1, or no call matching (the queue would be empty)
     */
    public LabelQueueSummary createQueue(LabelQueueSpec spec) {
        return create(spec).queue();
    }

    /**
     * As {@link #createQueue}, with what the maker should know ({@link LabelQueueCreated#notes}): a sample drawn
     * without a seed gets one picked at random (1 to 99,999), recorded on the queue and said ({@code sampled 10 of 40
     * calls with seed 8812}); a pairwise queue says how many of its pairs have answers to two different rendered
     * prompts (their preferences rank prompt versions, but give no DPO pair) and how to make pairs that share one.
     *
     * @return the new queue with its figures and notes
     * @throws StudioException as {@link #createQueue}
     */
    public LabelQueueCreated create(LabelQueueSpec spec) {
        String given = spec.prompt() == null ? "" : spec.prompt();
        if (spec.version() == null && given.indexOf('@') > 0 && given.indexOf('@') < given.length() - 1) {
            // answer@61cac04: one version of the prompt
            spec = spec.withPrompt(given.substring(0, given.indexOf('@')).strip(),
                    given.substring(given.indexOf('@') + 1).strip());
        }
        if (spec.sample() != null && spec.seed() == null) {
            spec = spec.withSeed(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 100_000));
        }
        if (spec.name() == null || spec.name().isBlank()) throw new StudioException("a queue needs a name");
        if (spec.name().strip().length() > 200 || spec.name().chars().anyMatch(Character::isISOControl)) {
            throw new StudioException("a queue name is one line of at most 200 characters");
        }
        LabelSchema schema = schema(spec.schema());
        if (spec.overlap() < 1) throw new StudioException("overlap must be at least 1, not " + spec.overlap());
        if (spec.sample() != null && spec.sample() < 1) {
            throw new StudioException("a sample needs at least 1 item, not " + spec.sample());
        }
        LabelItemKind kind = schema.itemKind();
        if (spec.pairs() && kind != LabelItemKind.PAIR) {
            throw new StudioException("pairs are labelled with a pairwise schema; '" + schema.name() + "' is a "
                    + schema.type().id());
        }
        if (spec.runId() != null && studio.runRepository().find(spec.runId()).isEmpty()) {
            throw Runs.unknownRun(spec.runId());
        }
        Set<String> cases = spec.split() == null ? null : casesOfSplit(spec.split());
        String path = spec.prompt() == null ? null : CallText.promptPath(spec.prompt());
        List<CallRecord> calls = studio.database().labelQueues().candidates(new LabelQueueRepository.Candidates(
                spec.runId(), path, spec.version(), spec.model(), cases, spec.failedChecks(),
                spec.notLabelled() ? schema.name() : null, true));
        LabelQueue queue = new LabelQueue(null, spec.name().strip(), schema.name(), schema.version(), kind,
                spec.overlap(), spec.blind(), spec.seed() == null ? 0 : spec.seed(), spec.filterText(), Instant.now(),
                annotator());
        LabelQueues.Created made = service().create(queue, calls, spec.sample());
        List<String> notes = new ArrayList<>();
        String unit = switch (kind) {
            case SINGLE -> "calls";
            case PAIR -> "pairs";
            case RANKING -> "inputs";
        };
        if (spec.sample() != null && made.matching() > spec.sample()) {
            notes.add("Sampled " + made.items().size() + " of " + made.matching() + " " + unit + " with seed "
                    + spec.seed() + " (the same seed draws the same sample).");
        } else if (spec.sample() != null && spec.sample() > made.items().size()) {
            notes.add("The sample of " + spec.sample() + " asked for more than the " + made.items().size()
                    + " matching item" + (made.items().size() == 1 ? "" : "s") + ": all of them were taken.");
        }
        if (kind == LabelItemKind.PAIR) differentPrompts(made.items()).ifPresent(notes::add);
        return new LabelQueueCreated(summary(made.queue()), notes);
    }

    /**
     * The warning for pairs of two calls whose rendered prompts (the messages sent) differ, with how many and one
     * prompt version to keep instead; empty when every pair shares its prompt.
     */
    private Optional<String> differentPrompts(List<LabelItem> items) {
        Map<Long, Optional<CallRecord>> calls = new HashMap<>();
        int n = 0;
        String example = null;
        for (LabelItem item : items) {
            Optional<CallRecord> a = calls.computeIfAbsent(item.callIds().get(0), studio.callRepository()::find);
            Optional<CallRecord> b = calls.computeIfAbsent(item.callIds().get(1), studio.callRepository()::find);
            if (renderedPrompt(a).equals(renderedPrompt(b))) continue;
            n++;
            if (example == null && a.isPresent() && a.get().promptCommit() != null
                    && a.get().promptCommit().matches("[0-9a-f]{7,40}")) {
                example = CallText.version(a.get()); // a saved version (not an unsaved working copy)
            }
        }
        if (n == 0) return Optional.empty();
        return Optional.of("Warning: " + n + " of " + items.size() + " pairs are answers to two different prompts:"
                + " their preferences rank the prompts or versions but give no DPO pair; for pairs that share one"
                + " prompt, keep one prompt version" + (example == null ? "" : " (e.g. prompt " + example + ")")
                + " and pair across models.");
    }

    private static String renderedPrompt(Optional<CallRecord> call) {
        return call.map(c -> c.texts() == null ? "" : c.texts().messagesJson()).orElse("");
    }

    /** The case ids of every dataset whose cases have split {@code split}. */
    private Set<String> casesOfSplit(String split) {
        Set<String> out = new HashSet<>();
        Set<String> splits = new java.util.TreeSet<>();
        for (org.promptstudio.workspace.Dataset d : studio.loadDatasets()) {
            for (org.promptstudio.workspace.TestCase c : d.cases()) {
                if (c.split() != null) splits.add(c.split());
                if (split.equals(c.split()) && c.id() != null) out.add(c.id());
            }
        }
        if (out.isEmpty()) {
            throw new StudioException("no dataset case has split '" + split + "'" + (splits.isEmpty()
                    ? " (no case has a split)" : " (splits: " + String.join(", ", splits) + ")"));
        }
        return out;
    }

    /** Every queue with its figures, oldest first. */
    public List<LabelQueueSummary> queues() {
        List<LabelQueueSummary> out = new ArrayList<>();
        for (LabelQueue q : service().queues()) out.add(summary(q));
        return out;
    }

    /**
     * Queue {@code name} with its figures.
     *
     * @throws StudioException naming it when there is none
     */
    public LabelQueueSummary queue(String name) {
        return summary(service().queue(name));
    }

    private LabelQueueSummary summary(LabelQueue q) {
        LabelProgress p = service().progress(q);
        return new LabelQueueSummary(q.name(), q.schemaName(), q.schemaVersion(), q.itemKind(), q.overlap(), q.blind(),
                q.seed(), q.filterText(), p.items(), p.itemsComplete(), p.labels(), p.labelsWanted(), q.createdAt(),
                q.createdBy());
    }

    /**
     * {@code annotator}'s next item in queue {@code queue} (null annotator: the studio's identity): the lowest position
     * they have not labelled that still wants labels; empty when the queue has nothing left for them.
     *
     * @throws StudioException when there is no such queue, or the queue's schema is gone from studio.yaml
     */
    public Optional<LabelTask> next(String queue, String annotator) {
        LabelQueues service = service();
        LabelQueue q = service.queue(queue);
        String who = who(annotator);
        Optional<LabelItem> item = service.next(q, who);
        if (item.isEmpty()) return Optional.empty();
        return Optional.of(task(service, q, item.get(), who, service.size(q)));
    }

    /**
     * Up to {@code max} items of queue {@code queue} after position {@code after} (1 first; 0: from the start) that
     * {@code annotator} (null: the studio's identity) may still label, as {@link #next} chooses them: not labelled by
     * them, labels from fewer annotators than the overlap; by position, as they see them.
     *
     * @throws StudioException when there is no such queue, or the queue's schema is gone from studio.yaml
     */
    public List<LabelTask> upcoming(String queue, String annotator, int after, int max) {
        LabelQueues service = service();
        LabelQueue q = service.queue(queue);
        String who = who(annotator);
        List<LabelItem> open = service.open(q, who, after, max);
        int size = open.isEmpty() ? 0 : service.size(q);
        List<LabelTask> out = new ArrayList<>();
        for (LabelItem item : open) out.add(task(service, q, item, who, size));
        return out;
    }

    /**
     * The item at {@code position} (1 first) of queue {@code queue} as {@code annotator} sees it, with their label of
     * it when they gave one (going back and forth with j / k).
     *
     * @throws StudioException when there is no such queue or position
     */
    public LabelTask task(String queue, int position, String annotator) {
        LabelQueues service = service();
        LabelQueue q = service.queue(queue);
        List<LabelItem> items = service.items(q);
        return task(service, q, service.itemAt(q, position, items), who(annotator), items.size());
    }

    /**
     * Item {@code itemId} as {@code annotator} (null: the studio's identity) sees it, as {@link #task(String, int,
     * String)}.
     *
     * @throws StudioException when there is no such item
     */
    public LabelTask task(long itemId, String annotator) {
        LabelQueues service = service();
        LabelQueues.Located found = service.locate(itemId);
        return task(service, found.queue(), found.item(), who(annotator), service.size(found.queue()));
    }

    private LabelTask task(LabelQueues service, LabelQueue q, LabelItem item, String who, int size) {
        LabelSchema schema = schemaOf(q);
        List<CallRecord> calls = new ArrayList<>();
        for (long id : item.callIds()) {
            calls.add(studio.callRepository().find(id).orElseThrow(() -> new StudioException("call " + id
                    + " of queue '" + q.name() + "' is no longer recorded")));
        }
        List<LabelTask.Answer> answers = new ArrayList<>();
        for (int slot : item.shownOrder()) {
            CallRecord c = calls.get(slot);
            String output = c.texts() == null ? "" : c.texts().output() != null ? c.texts().output()
                    : c.texts().extractedAnswer() != null ? c.texts().extractedAnswer() : "";
            answers.add(new LabelTask.Answer(c.id(), slot, output, q.blind() ? null : CallText.model(c),
                    q.blind() ? null : c.promptPath(), q.blind() ? null : c.promptCommit()));
        }
        String[] inputAndContext = inputAndContext(calls.get(0));
        return new LabelTask(item.id(), q.name(), item.position(), size, q.itemKind(), schema, inputAndContext[0],
                inputAndContext[1], answers, q.blind(), service.given(item, who));
    }

    /**
     * The input of a call (the text of its last user message) and its retrieved context (the text of parts or
     * messages marked {@code purpose: context}), null when none.
     */
    static String[] inputAndContext(CallRecord call) {
        if (call.texts() == null) return new String[] {"", null};
        List<Message> messages;
        try {
            messages = JsonText.messages(call.texts().messagesJson(), "recorded messages");
        } catch (StudioException | ClassCastException | IllegalArgumentException e) {
            return new String[] {call.texts().messagesJson(), null};
        }
        String input = "";
        StringBuilder context = new StringBuilder();
        for (Message m : messages) {
            boolean contextMessage = "context".equals(m.metadata().get("purpose"));
            StringBuilder text = new StringBuilder();
            for (Part p : m.content()) {
                if (p instanceof Part.Text t) text.append(t.text());
            }
            if (contextMessage) {
                if (context.length() > 0) context.append("\n\n");
                context.append(text);
            } else if (Message.USER.equals(m.role())) {
                input = text.toString();
            }
        }
        return new String[] {input, context.length() == 0 ? null : context.toString()};
    }

    private LabelSchema schemaOf(LabelQueue q) {
        for (LabelSchema s : schemas()) {
            if (s.name().equals(q.schemaName())) return s;
        }
        throw new StudioException("queue '" + q.name() + "' labels '" + q.schemaName()
                + "', which studio.yaml no longer defines (add it back under labels:)");
    }

    /**
     * Writes {@code annotator}'s label {@code value} of item {@code itemId} at once (null annotator: the studio's
     * identity), in place of the one they gave that item before. A pair's preference is in the item's true order
     * ({@link LabelTask#truePreference} turns the order shown into it).
     *
     * @return the stored label (its id is what {@link #undo} takes)
     * @throws org.promptstudio.labelling.ItemFullException one line, when the item already has labels from as many
     *                                                      other annotators as its queue's overlap (nothing stored)
     * @throws StudioException one line: no such item, a value the schema does not take, a read-only database
     */
    public LabelRecord submit(long itemId, String annotator, LabelValue value) {
        LabelQueues service = service();
        LabelQueue q = service.locate(itemId).queue();
        return service.submit(itemId, who(annotator), schemaOf(q), value, Instant.now());
    }

    /**
     * As {@link #submit(long, String, LabelValue)}, with the value as typed ({@link LabelValue#fromText}: {@code 4},
     * {@code up}, {@code billing}, {@code A}, or JSON).
     */
    public LabelRecord submit(long itemId, String annotator, String valueText) {
        return submit(itemId, annotator, parse(itemId, valueText));
    }

    /** {@code text} read as a value of the schema of item {@code itemId}'s queue. */
    private LabelValue parse(long itemId, String text) {
        LabelSchema schema = schemaOf(service().locate(itemId).queue());
        try {
            return LabelValue.fromText(schema, text);
        } catch (IllegalArgumentException e) {
            throw new LabellingException(e.getMessage());
        }
    }

    /**
     * Deletes {@code annotator}'s latest label in queue {@code queue} (null annotator: the studio's identity); an
     * adjudicator's decision is not undone this way.
     *
     * @return the label deleted, or empty when they gave none there
     */
    public Optional<LabelRecord> undoLast(String queue, String annotator) {
        LabelQueues service = service();
        return service.undoLast(service.queue(queue), who(annotator));
    }

    /**
     * Deletes label {@code labelId} when it is {@code annotator}'s (null: the studio's identity) and not an
     * adjudicator's decision: the undo of exactly the label {@link #submit} returned.
     *
     * @return the label deleted, or empty when there is no such label of theirs
     */
    public Optional<LabelRecord> undo(long labelId, String annotator) {
        return service().undo(labelId, who(annotator));
    }

    /** How far queue {@code queue} is, in all and per annotator. */
    public LabelProgress progress(String queue) {
        LabelQueues service = service();
        return service.progress(service.queue(queue));
    }

    /** How far every queue is, oldest first. */
    public List<LabelProgress> progress() {
        LabelQueues service = service();
        List<LabelProgress> out = new ArrayList<>();
        for (LabelQueue q : service.queues()) out.add(service.progress(q));
        return out;
    }

    /** The items of queue {@code queue} whose annotators disagree and that no adjudicator has decided, by position. */
    public List<LabelConsensus> disagreements(String queue) {
        LabelQueues service = service();
        return service.disagreements(service.queue(queue));
    }

    /**
     * Records {@code adjudicator}'s decision {@code value} on item {@code itemId} (null adjudicator: the studio's
     * identity): a final label, which wins over the annotators' everywhere (exports, few-shot pool, calibration).
     *
     * @throws StudioException as {@link #submit(long, String, LabelValue)}
     */
    public LabelRecord adjudicate(long itemId, String adjudicator, LabelValue value) {
        LabelQueues service = service();
        LabelQueue q = service.locate(itemId).queue();
        return service.adjudicate(itemId, who(adjudicator), schemaOf(q), value, Instant.now());
    }

    /** As {@link #adjudicate(long, String, LabelValue)}, with the value as typed ({@link LabelValue#fromText}). */
    public LabelRecord adjudicate(long itemId, String adjudicator, String valueText) {
        return adjudicate(itemId, adjudicator, parse(itemId, valueText));
    }

    /**
     * Labels call {@code callId} outside any queue (as the compare grid's thumbs do; a script's label), at once.
     *
     * @param callIdB the second call of a pairwise label, else null
     * @throws StudioException one line: an unknown schema or call, a value the schema does not take
     */
    public LabelRecord label(long callId, Long callIdB, String schema, String annotator, LabelValue value) {
        LabelSchema s = schema(schema);
        boolean pair = s.itemKind() == LabelItemKind.PAIR;
        if (pair != (callIdB != null)) {
            throw new StudioException(pair ? "a " + s.type().id() + " label is about two calls (A and B)"
                    : "a " + s.type().id() + " label is about one call");
        }
        Map<Long, String> inputs = new HashMap<>();
        for (Long id : callIdB == null ? List.of(callId) : List.of(callId, callIdB)) {
            var found = studio.callRepository().find(id);
            if (found.isEmpty()) throw new StudioException("no call " + id + " is recorded");
            inputs.put(id, org.promptstudio.labelling.CallInputs.inputOf(found.get()));
        }
        if (callIdB != null) {
            String problem = org.promptstudio.labelling.CallInputs.problem(List.of(callId, callIdB), inputs::get);
            if (problem != null) throw new StudioException(problem);
        }
        String problem = s.problem(value, null);
        if (problem != null) throw new StudioException(problem);
        return studio.database().labels().insert(new LabelRecord(null, null, callId, callIdB, s.name(), s.version(),
                who(annotator), value, false, Instant.now()));
    }

    /**
     * Imports labels made in another tool from CSV file {@code file}: columns {@code item} (the call id; {@code 12+15}
     * for a pair), {@code annotator}, {@code label} and optionally {@code schema} ({@code defaultSchema} for rows
     * without one), optionally {@code schema_version} and {@code final}. All rows are checked first; then all are
     * written in one transaction, or none. A row saying what a stored label says (the same calls, schema, annotator,
     * value and finality) is not written again: importing a file twice adds nothing the second time.
     *
     * @return how many labels were written, per schema; how many were already there; notes on rows kept as given
     * @throws StudioException {@code FILE:LINE: reason} for the first bad row; nothing is imported then
     */
    public LabelImportSummary importCsv(Path file, String defaultSchema) {
        String name = file.toString();
        // missing, a folder, unreadable, binary or not UTF-8: one line saying which (labels import: cannot read ...)
        String text = org.promptstudio.model.TextFile.readGiven(file, "labels import", true);
        if (defaultSchema != null) schema(defaultSchema);
        Map<Long, java.util.Optional<CallRecord>> known = new HashMap<>();
        LabelImport.Result parsed = LabelImport.parse(text, name, schemasByName(), defaultSchema,
                id -> known.computeIfAbsent(id, k -> studio.callRepository().find(k)).isPresent(),
                id -> known.computeIfAbsent(id, k -> studio.callRepository().find(k))
                        .map(org.promptstudio.labelling.CallInputs::inputOf).orElse(null), Instant.now());
        if (parsed.labels().isEmpty()) throw new StudioException(name + ": no labels (only a header)");
        Map<Long, List<LabelRecord>> storedByCall = new HashMap<>();
        List<LabelRecord> read = new ArrayList<>();
        for (LabelRecord l : parsed.labels()) {
            List<LabelRecord> stored = storedByCall.computeIfAbsent(l.callId(),
                    id -> studio.database().labels().forCall(id));
            if (stored.stream().noneMatch(s -> same(s, l))) read.add(l);
        }
        if (!read.isEmpty()) studio.database().labels().insertAll(read);
        Map<String, Integer> bySchema = new TreeMap<>();
        Set<String> annotators = new HashSet<>();
        for (LabelRecord l : read) {
            bySchema.merge(l.schemaName(), 1, Integer::sum);
            annotators.add(l.annotator());
        }
        return new LabelImportSummary(name, read.size(), bySchema, annotators.size(),
                parsed.labels().size() - read.size(), parsed.notes());
    }

    /**
     * Whether stored label {@code s} says what imported label {@code l} says: the same calls (B only for a pair: a
     * ranking's calls are in its value), schema, annotator, value and finality; its queue item and time do not count.
     */
    private static boolean same(LabelRecord s, LabelRecord l) {
        boolean pair = l.callIdB() != null;
        return s.callId() == l.callId() && (!pair || l.callIdB().equals(s.callIdB()))
                && (pair || s.callIdB() == null || s.value().ranking() != null)
                && s.schemaName().equals(l.schemaName()) && s.annotator().equals(l.annotator())
                && s.value().equals(l.value()) && s.isFinal() == l.isFinal();
    }

    /** As {@link #importCsv(Path, String)} for a file with a {@code schema} column. */
    public LabelImportSummary importCsv(Path file) {
        return importCsv(file, null);
    }

    /** The stored labels {@code query} selects, in the order given (decisions included, marked final). */
    public List<LabelRecord> labels(LabelQuery query) {
        if (query.queue() != null) service().queue(query.queue());
        return studio.database().labels().query(query);
    }

    /**
     * The consensus of each unit among the labels {@code query} selects (a queue item; a call, or a pair, labelled
     * outside queues), by the one rule: an adjudicator's decision, else the value all annotators agree on (a queue
     * item: once its queue's overlap k annotators gave one; fewer is incomplete), else in disagreement. Units in the
     * order of their first label.
     */
    public List<LabelConsensus> consensus(LabelQuery query) {
        List<LabelRecord> labels = labels(query);
        return Consensus.of(labels, places(labels));
    }

    /**
     * The labels {@code query} selects gathered per schema and call (or pair, or set of ranked calls) over every place
     * they were given in (decision 0130, {@link Consensus#byCall}): each annotator's latest label counts once, an
     * adjudicator's decision settles, each queue item of the call still needs its queue's k annotators. What
     * calibration, the exports and the few-shot pool, and the figures over all labels of a schema read.
     */
    List<Consensus.Call> byCall(LabelQuery query) {
        List<LabelRecord> labels = labels(query);
        return Consensus.byCall(labels, places(labels));
    }

    /** The place and overlap of every queue item {@code labels} name, by item id. */
    private Map<Long, Consensus.Place> places(List<LabelRecord> labels) {
        Map<Long, Consensus.Place> places = new HashMap<>();
        Set<Long> items = new HashSet<>();
        for (LabelRecord l : labels) {
            if (l.itemId() != null) items.add(l.itemId());
        }
        if (!items.isEmpty()) {
            LabelQueues service = service();
            for (LabelQueue q : service.queues()) {
                for (LabelItem i : service.items(q)) {
                    if (items.contains(i.id())) places.put(i.id(), new Consensus.Place(i.position(), q.overlap()));
                }
            }
        }
        return places;
    }
}
