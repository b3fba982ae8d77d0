package org.promptstudio.ui.labelling;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.promptstudio.app.LabelExports;
import org.promptstudio.app.LabelStatistics;
import org.promptstudio.app.Studio;
import org.promptstudio.labelling.ItemFullException;
import org.promptstudio.labelling.agreement.Calibration;
import org.promptstudio.model.LabelProgress;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.model.LabelQueueSummary;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelTask;
import org.promptstudio.model.LabelValue;

/**
 * {@link LabelSource} over the workspace's {@code app.Labelling}: queues with their progress, items as an annotator
 * sees them (positions from 0 here, from 1 there), labels stored at once. Safe to call from any thread, as the use
 * cases are.
 */
public final class StudioLabelSource implements LabelSource {

    private final Studio studio;

    /** @param studio the open workspace */
    public StudioLabelSource(Studio studio) {
        this.studio = studio;
    }

    @Override
    public List<String> schemaNames() {
        return studio.labelling().schemas().stream().map(LabelSchema::name).toList();
    }

    @Override
    public List<String> createQueue(NewQueue n) {
        return studio.labelling().create(LabelQueueSpec.of(n.name(), n.schema()).withRun(n.run())
                .withPrompt(n.prompt(), null).withModel(n.model()).withFailedChecks(n.failedOnly())
                .withNotLabelled(n.notLabelled()).withSample(n.sample(), n.seed()).withOverlap(n.overlap())
                .withBlind(n.blind())).notes();
    }

    @Override
    public String annotator() {
        return studio.labelling().annotator();
    }

    @Override
    public List<Queue> queues() {
        String who = annotator();
        List<LabelSchema> schemas = studio.labelling().schemas();
        List<Queue> out = new ArrayList<>();
        for (LabelQueueSummary q : studio.labelling().queues()) {
            LabelProgress p = studio.labelling().progress(q.name());
            int mine = p.annotators().stream().filter(a -> a.name().equals(who)).mapToInt(LabelProgress.Annotator::labels)
                    .sum();
            LabelSchema s = schemas.stream().filter(x -> x.name().equals(q.schema())).findFirst().orElse(null);
            Schema schema = s == null ? new Schema(q.schema(), q.schemaVersion(), "unknown",
                    "no longer in studio.yaml", null, null, null, null, false)
                    : new Schema(s.name(), s.version(), s.type().id(), s.description(), s.min(), s.max(), s.points(),
                    s.categories(), s.comment());
            out.add(new Queue(q.name(), schema, q.itemKind().id(), q.overlap(), q.blind(), q.items(),
                    q.itemsComplete(), q.labels(), q.labelsWanted(), mine, q.filterText()));
        }
        return out;
    }

    @Override
    public List<Item> upcoming(String queue, String annotator, int after, int max) {
        // the same rule as the next item: not labelled by this annotator, fewer labels than the overlap asks for
        return studio.labelling().upcoming(queue, annotator, after + 1, max).stream().map(StudioLabelSource::item)
                .toList();
    }

    private static Item item(LabelTask t) {
        List<Answer> answers = t.answers().stream().map(a -> new Answer(a.callId(), a.output(), source(a))).toList();
        boolean swapped = !t.answers().isEmpty() && t.answers().get(0).slot() != 0;
        return new Item(t.itemId(), t.queue(), t.position() - 1, t.input(), t.context(), answers,
                t.given() == null ? null : t.given().value().json(), swapped);
    }

    private static String source(LabelTask.Answer a) {
        if (a.model() == null && a.prompt() == null) return null;
        String prompt = a.prompt() == null ? "" : a.prompt().replaceFirst("^prompts/", "").replaceFirst("\\.prompt$", "")
                + (a.commit() == null ? "" : "@" + a.commit().substring(0, Math.min(7, a.commit().length())));
        return a.model() + (prompt.isEmpty() ? "" : " \u00b7 " + prompt);
    }

    @Override
    public OptionalLong submit(Item item, String annotator, String valueJson) {
        try {
            return OptionalLong.of(studio.labelling().submit(item.id(), annotator, LabelValue.parse(valueJson)).id());
        } catch (ItemFullException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean undo(long labelId, String annotator) {
        return studio.labelling().undo(labelId, annotator).isPresent();
    }

    @Override
    public List<String> figures(String queue) {
        List<String> out = new ArrayList<>();
        for (LabelStatistics.AgreementReport r : LabelStatistics.of(studio).agreement(null, queue)) {
            out.add(r.schema() + ": " + r.units() + " item" + (r.units() == 1 ? "" : "s") + ", " + r.labels()
                    + " label" + (r.labels() == 1 ? "" : "s") + " by " + r.annotators().size() + " annotator"
                    + (r.annotators().size() == 1 ? "" : "s"));
            for (LabelStatistics.Figure f : r.figures()) {
                out.add((f.part() == null ? "" : f.part() + ": ") + f.coefficient().summary());
            }
            out.addAll(r.notes());
        }
        if (out.isEmpty()) out.add("No labels in this queue yet: no agreement to show.");
        return out;
    }

    @Override
    public List<String> calibrate(String judgeModel, String schema) {
        LabelStatistics.CalibrationReport r = LabelStatistics.of(studio).calibrate(judgeModel, schema);
        var c = r.calibration();
        List<String> out = new ArrayList<>();
        String nothing = r.nothingCompared();
        if (nothing != null) {
            // no figure over no item: the reason instead of rates and kappas over 0 items
            out.add("Nothing compared: " + nothing);
            out.add("Judge calls: " + r.judgeCalls());
            out.addAll(r.notes());
            return out;
        }
        if (r.warning() != null) out.add("Warning: " + r.warning());
        out.add("Judge " + r.judgeModel() + " (" + r.judgeKind() + ") on " + r.schema() + ": " + c.units() + " item"
                + (c.units() == 1 ? "" : "s") + ", " + r.judgeCalls() + " judge call" + (r.judgeCalls() == 1 ? "" : "s"));
        out.add("True positive rate " + Calibration.percent(c.tpr()) + ", true negative rate "
                + Calibration.percent(c.tnr()));
        out.add("Judge vs people: " + c.kappa().summary());
        out.add("Ceiling, people vs people (" + r.ceilingBasis() + "): " + r.ceiling().summary());
        for (var group : c.leftOut()) {
            out.add("Left out " + group.units().size() + ": " + group.reason());
        }
        if (r.judgeError() != null) out.add("First unusable judge reply: " + r.judgeError());
        out.addAll(r.notes());
        return out;
    }

    @Override
    public String export(String format) {
        LabelExports.Written w = studio.labelExports().export(format, null, null);
        return "Wrote " + w.written() + " " + (format.equals("csv") ? "label" : "example") + (w.written() == 1 ? "" : "s")
                + " to " + w.file() + (w.provenance() == null ? "" : " (provenance: " + w.provenance() + ")")
                + (w.skipped().isEmpty() ? "" : "; left out: " + LabelExports.leftOut(w.skipped()))
                + (w.warning() == null ? "" : "; " + w.warning());
    }
}
