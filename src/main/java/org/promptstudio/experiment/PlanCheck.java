package org.promptstudio.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.VariableUses;

/**
 * What a plan would get wrong, found before anything is sent (docs/decisions/0024-examples-and-missing-input.md):
 * <ul>
 *   <li>bad dataset rows, left out of the plan: named as {@code datasets/x.jsonl:17: reason};</li>
 *   <li>prompt x case pairs that cannot be rendered (a required input missing or of the wrong type, a template
 *       error): refused, each named as {@code prompt x case (datasets/x.jsonl:17): reason}; the runner records
 *       their calls as failed without calling a model;</li>
 *   <li>input a prompt declares as optional, or reads in its template, that a case does not give (no value, no
 *       default, no examples): a warning per prompt and variable listing the cases, unless the template tests
 *       the variable itself ({@code {{#if x}}}), which shows it handles its absence;</li>
 *   <li>a dataset none of whose columns is an input of a prompt (declared in its schema or read by its template):
 *       a misnamed header or a file split on the wrong character, which otherwise fails every case with no
 *       reason.</li>
 * </ul>
 * Each prompt x case is rendered once (models and samples do not change what is rendered). {@link #blocker()} is
 * the error when nothing at all could run. Lists are in plan order, so the output never depends on timing.
 */
public final class PlanCheck {

    /** How many lines of one kind are printed before "... and N more". */
    public static final int SHOWN = 10;
    /** How many case places one warning lists before "...". */
    static final int PLACES = 5;

    /**
     * A prompt x case that cannot be rendered.
     *
     * @param calls the calls of the plan it stands for (models x samples)
     */
    public record Unrenderable(String prompt, String caseId, String source, String reason, int calls) {
        /** Whether this stands for every case of its prompt: its template cannot render at all. */
        public boolean wholeTemplate() {
            return EVERY_CASE.equals(caseId) && source == null;
        }

        /** {@code solve x word-problems:4 (datasets/word-problems.jsonl:4): missing required field 'question'}. */
        @Override
        public String toString() {
            return prompt + " x " + caseId + (source == null || source.equals(caseId) ? "" : " (" + source + ")") + ": "
                    + reason;
        }
    }

    /**
     * A variable of a prompt that some cases do not give.
     *
     * @param places where those cases are written, in plan order
     * @param cases  how many cases the plan has
     */
    public record InputWarning(String prompt, String variable, boolean declared, List<String> places, int cases) {
        public InputWarning {
            places = List.copyOf(places);
        }

        /** {@code solve.fewshot-cot: 'examples' not given in 26 of 26 cases (datasets/word-problems.jsonl:2, :3, ...)}. */
        @Override
        public String toString() {
            return prompt + ": '" + variable + "' " + (declared ? "" : "(used by the template) ") + "not given in "
                    + places.size() + " of " + cases + " case(s) (" + PlanCheck.places(places) + ")";
        }
    }

    /**
     * A prompt that reads none of the dataset's columns.
     *
     * @param dataset the dataset file ({@code datasets/x.csv}) or, for inline cases, the experiment's name for them
     * @param columns the input columns of its cases, in the order first seen
     * @param inputs  what the prompt takes: its schema's properties, then the names its template reads
     */
    public record ColumnWarning(String prompt, String dataset, List<String> columns, List<String> inputs) {
        public ColumnWarning {
            columns = List.copyOf(columns);
            inputs = List.copyOf(inputs);
        }

        /** {@code solve: no column of datasets/sums.csv is an input of the prompt (columns: q;a; inputs: question)}. */
        @Override
        public String toString() {
            return prompt + ": no column of " + dataset + " is an input of the prompt (columns: "
                    + String.join(", ", columns) + "; the prompt's inputs: " + String.join(", ", inputs) + ")";
        }
    }

    private final String experiment;
    private final List<String> badRows;
    private final List<ColumnWarning> columnWarnings;
    /** The case named by an {@link Unrenderable} whose template cannot render for any case. */
    public static final String EVERY_CASE = "every case";

    /** How the reason of such an {@link Unrenderable} ends. */
    public static final String WHOLE_TEMPLATE = "(the template cannot render for any case)";

    private final List<Unrenderable> unrenderable;
    private final List<InputWarning> warnings;
    private final int cells;
    private final int cases;

    private PlanCheck(String experiment, List<String> badRows, List<Unrenderable> unrenderable,
                      List<InputWarning> warnings, List<ColumnWarning> columnWarnings, int cells, int cases) {
        this.experiment = experiment;
        this.columnWarnings = List.copyOf(columnWarnings);
        this.badRows = List.copyOf(badRows);
        this.unrenderable = List.copyOf(unrenderable);
        this.warnings = List.copyOf(warnings);
        this.cells = cells;
        this.cases = cases;
    }

    /** Checks {@code plan}, rendering each prompt x case with the renderer {@code runner} would use. */
    public static PlanCheck of(RunPlan plan, ExperimentRunner runner) {
        List<Unrenderable> broken = new ArrayList<>();
        Map<String, Map<String, InputWarningBuilder>> missing = new LinkedHashMap<>();
        int pairs = plan.prompts().size() * plan.cases().size();
        int callsPerPair = pairs == 0 ? 0 : plan.cells().size() / pairs;
        String model = plan.spec().models().isEmpty() ? null : plan.spec().models().get(0);
        Set<String> ids = new java.util.HashSet<>();
        Set<String> repeated = new java.util.HashSet<>();
        for (RunPlan.Prompt p : plan.prompts()) if (!ids.add(p.id())) repeated.add(p.id());
        Map<RunPlan.Prompt, VariableUses> uses = new java.util.IdentityHashMap<>();
        // A template that cannot render for any case (syntax, unknown helper, missing partial) is named once, with
        // its file:line:column, not once per case.
        Set<RunPlan.Prompt> wholeBroken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (!plan.cases().isEmpty()) {
            for (RunPlan.Prompt p : plan.prompts()) {
                List<String> problems = runner.templateProblems(new RunPlan.Cell(p, plan.cases().get(0), model, 0));
                if (problems.isEmpty()) continue;
                wholeBroken.add(p);
                String name = repeated.contains(p.id()) ? p.id() + "@" + shortCommit(p.commit()) : p.id();
                broken.add(new Unrenderable(name, EVERY_CASE, null, problems.get(0) + " " + WHOLE_TEMPLATE,
                        callsPerPair * plan.cases().size()));
            }
        }
        for (RunPlan.Case c : plan.cases()) {
            for (RunPlan.Prompt p : plan.prompts()) {
                if (wholeBroken.contains(p)) continue;
                String name = repeated.contains(p.id()) ? p.id() + "@" + shortCommit(p.commit()) : p.id();
                RunPlan.Cell cell = new RunPlan.Cell(p, c, model, 0);
                PromptRenderer renderer = runner.renderer(cell);
                Map<String, Object> input;
                RenderedPrompt rendered;
                try {
                    input = ExperimentRunner.input(plan, cell);
                    // Retrieval is not run by a check (no index is read): its query must render, and the chunks'
                    // input is given, as an empty list.
                    RetrieveSpec retrieve = ContextRetrieval.specFor(plan, cell);
                    if (retrieve != null) {
                        ContextRetrieval.query(retrieve, p.parsed(), input);
                        input.put(retrieve.into(), List.of());
                    }
                    rendered = renderer.render(p.parsed(), RenderData.of(input), Map.of());
                } catch (RuntimeException e) {
                    broken.add(new Unrenderable(name, c.id(), c.source(), reason(e, p), callsPerPair));
                    continue;
                }
                VariableUses u = uses.computeIfAbsent(p, q -> renderer.inputUses(q.parsed()));
                for (Map.Entry<String, Boolean> v : variables(rendered.metadata(), u).entrySet()) {
                    if (given(input, rendered.metadata(), v.getKey())) continue;
                    missing.computeIfAbsent(name, k -> new LinkedHashMap<>())
                            .computeIfAbsent(v.getKey(), k -> new InputWarningBuilder(v.getValue()))
                            .places.add(c.place());
                }
            }
        }
        List<InputWarning> warnings = new ArrayList<>();
        missing.forEach((prompt, vars) -> vars.forEach((variable, b) ->
                warnings.add(new InputWarning(prompt, variable, b.declared, b.places, plan.cases().size()))));
        return new PlanCheck(plan.spec().name(), plan.badRows(), broken, warnings, columnWarnings(plan, p -> runner.renderer(
                new RunPlan.Cell(p, plan.cases().get(0), model, 0)), uses),
                plan.cells().size(), plan.cases().size());
    }

    /**
     * Each prompt of {@code plan} that takes input yet reads none of the columns its cases give, in plan order;
     * {@code renderers} gives the renderer a prompt is rendered with. Input is what the prompt's schema declares and
     * its template reads or tests ({@link PromptRenderer#inputUses}, the reading the other warnings use).
     */
    public static List<ColumnWarning> columnWarnings(RunPlan plan,
            java.util.function.Function<RunPlan.Prompt, PromptRenderer> renderers) {
        return columnWarnings(plan, renderers, new java.util.IdentityHashMap<>());
    }

    private static List<ColumnWarning> columnWarnings(RunPlan plan,
            java.util.function.Function<RunPlan.Prompt, PromptRenderer> renderers, Map<RunPlan.Prompt, VariableUses> uses) {
        Set<String> columns = new LinkedHashSet<>();
        for (RunPlan.Case c : plan.cases()) columns.addAll(c.input().keySet());
        List<ColumnWarning> out = new ArrayList<>();
        if (columns.isEmpty() || plan.cases().isEmpty()) return out;
        String dataset = datasetOf(plan);
        Set<RunPlan.Prompt> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (RunPlan.Prompt p : plan.prompts()) {
            if (!seen.add(p)) continue;
            PromptRenderer renderer = renderers.apply(p);
            Set<String> inputs = new LinkedHashSet<>();
            try {
                Map<String, Object> schema = renderer.resolveMetadata(p.parsed(), Map.of()).inputSchema();
                if (schema != null && schema.get("properties") instanceof Map<?, ?> props) {
                    props.keySet().forEach(k -> inputs.add(String.valueOf(k)));
                }
                VariableUses u = uses.computeIfAbsent(p, q -> renderer.inputUses(q.parsed()));
                inputs.addAll(u.used());
                inputs.addAll(u.tested());
            } catch (RuntimeException e) {
                continue; // a prompt that cannot be read is reported by the render above
            }
            // Few-shot examples and retrieved chunks are given by the run, not by a column.
            inputs.remove("examples");
            try {
                RetrieveSpec retrieve = ContextRetrieval.specFor(plan, new RunPlan.Cell(p, plan.cases().get(0), null, 0));
                if (retrieve != null) inputs.remove(retrieve.into());
            } catch (RuntimeException e) {
                // a retrieve: that cannot be read is reported by the render above
            }
            if (inputs.isEmpty() || inputs.stream().anyMatch(columns::contains)) continue;
            out.add(new ColumnWarning(p.id(), dataset, new ArrayList<>(columns), new ArrayList<>(inputs)));
        }
        return out;
    }

    /** The file the cases come from ({@code datasets/x.csv}), else the experiment's dataset name. */
    private static String datasetOf(RunPlan plan) {
        String source = plan.cases().get(0).source();
        if (source != null && source.matches(".+:\\d+")) return source.substring(0, source.lastIndexOf(':'));
        return plan.spec().dataset() != null ? "dataset '" + plan.spec().dataset() + "'"
                : "the cases of experiments/" + plan.spec().name() + ".yaml";
    }

    private static final class InputWarningBuilder {
        final boolean declared;
        final List<String> places = new ArrayList<>();

        InputWarningBuilder(boolean declared) {
            this.declared = declared;
        }
    }

    /**
     * The variables a case should give, each with whether the schema declares it: the optional properties of the
     * input schema, then the top-level names the template reads; less the ones the template tests for presence.
     * A required property is not listed: without it the prompt does not render at all.
     */
    private static Map<String, Boolean> variables(PromptMetadata metadata, VariableUses uses) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        Map<String, Object> schema = metadata.inputSchema();
        Set<String> required = new LinkedHashSet<>();
        if (schema != null && schema.get("required") instanceof List<?> r) r.forEach(x -> required.add(String.valueOf(x)));
        if (schema != null && schema.get("properties") instanceof Map<?, ?> props) {
            for (Object key : props.keySet()) {
                if (!required.contains(String.valueOf(key))) out.put(String.valueOf(key), true);
            }
        }
        for (String used : uses.used()) {
            if (!required.contains(used)) out.putIfAbsent(used, declared(schema, used));
        }
        uses.tested().forEach(out::remove);
        return out;
    }

    private static boolean declared(Map<String, Object> schema, String name) {
        return schema != null && schema.get("properties") instanceof Map<?, ?> props && props.containsKey(name);
    }

    /** A value (not null) in the case's input or the prompt's input defaults. */
    private static boolean given(Map<String, Object> input, PromptMetadata metadata, String name) {
        return input.get(name) != null || metadata.inputDefaults().get(name) != null;
    }

    /** Why a render failed, without the prompt's own path in front when it adds nothing. */
    private static String reason(RuntimeException e, RunPlan.Prompt p) {
        String message = e.getMessage() == null ? "cannot be rendered" : e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        String prefix = p.path() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Bad dataset rows left out of the plan, as {@code datasets/x.jsonl:17: reason}. */
    public List<String> badRows() {
        return badRows;
    }

    /** The prompt x case pairs that cannot be rendered, in plan order. */
    public List<Unrenderable> unrenderable() {
        return unrenderable;
    }

    /** The calls those pairs stand for (each model and sample of each pair). */
    public int unrenderableCalls() {
        return unrenderable.stream().mapToInt(Unrenderable::calls).sum();
    }

    /** Variables of a prompt that cases do not give, one per prompt and variable, in plan order. */
    public List<InputWarning> warnings() {
        return warnings;
    }

    /** Prompts that read none of the dataset's columns, in plan order. */
    public List<ColumnWarning> columnWarnings() {
        return columnWarnings;
    }

    /** True when nothing is wrong. */
    public boolean clean() {
        return badRows.isEmpty() && unrenderable.isEmpty() && warnings.isEmpty() && columnWarnings.isEmpty();
    }

    /**
     * The error when the plan has nothing that could run: no case (every row bad, or none left), or no call that
     * renders; null when something can run. One line, naming the experiment file.
     */
    public String blocker() {
        String file = "experiments/" + experiment + ".yaml: ";
        if (cases == 0) {
            return file + "no case to run" + (badRows.isEmpty() ? "" : ": every row is bad (" + badRows.size()
                    + " bad row(s), named above)");
        }
        if (cells > 0 && unrenderableCalls() >= cells) {
            return file + "no call can be rendered, so nothing is sent (" + unrenderable.size()
                    + " prompt x case pair(s), named above)";
        }
        return null;
    }

    /**
     * What to print, one item a line under a heading per kind, at most {@link #SHOWN} items each then
     * {@code ... and N more}; empty when nothing is wrong.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!badRows.isEmpty()) {
            out.add(experiment + ": " + badRows.size() + " dataset row(s) cannot be read and are left out"
                    + " (all of them: studio datasets check):");
            capped(out, badRows.stream().map(Object::toString).toList());
        }
        if (!unrenderable.isEmpty()) {
            out.add(experiment + ": " + unrenderable.size() + " prompt x case pair(s) (" + unrenderableCalls()
                    + " call(s)) cannot be rendered, so they are not sent to a model:");
            capped(out, unrenderable.stream().map(Object::toString).toList());
        }
        if (!warnings.isEmpty()) {
            out.add(experiment + ": warning: input the prompts declare or use is missing in some cases"
                    + " (it renders as nothing):");
            capped(out, warnings.stream().map(Object::toString).toList());
        }
        for (ColumnWarning w : columnWarnings) out.add(experiment + ": warning: " + w);
        return out;
    }

    private static void capped(List<String> out, List<String> items) {
        int shown = items.size() <= SHOWN + 1 ? items.size() : SHOWN;
        for (int i = 0; i < shown; i++) out.add("  " + items.get(i));
        if (shown < items.size()) out.add("  ... and " + (items.size() - shown) + " more");
    }

    /** {@code datasets/x.jsonl:1, :4, :7, ...}: the file once while it repeats, at most {@link #PLACES} places. */
    static String places(List<String> places) {
        StringBuilder b = new StringBuilder();
        String lastFile = null;
        for (int i = 0; i < Math.min(PLACES, places.size()); i++) {
            String place = places.get(i);
            int colon = place.lastIndexOf(':');
            boolean lined = colon > 0 && colon < place.length() - 1 && place.substring(colon + 1).chars().allMatch(Character::isDigit);
            String file = lined ? place.substring(0, colon) : null;
            if (i > 0) b.append(", ");
            b.append(file != null && file.equals(lastFile) ? place.substring(colon) : place);
            lastFile = file;
        }
        if (places.size() > PLACES) b.append(", ...");
        return b.toString();
    }

    private static String shortCommit(String commit) {
        if (commit == null) return "?";
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
