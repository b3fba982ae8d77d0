package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;

/** What a plan gets wrong before it runs: refused cases named, missing input warned, bad rows kept (decision 0024). */
class PlanCheckTest {

    private static final String FEWSHOT = """
            ---
            input:
              schema:
                question: string
                examples?(array):
                  question: string
                  answer: string
                tone?: string
                greeting?: string
              default:
                greeting: Hello
            ---
            {{greeting}}. {{#if tone}}Be {{tone}}.{{/if}}
            {{#each examples}}Q: {{question}} A: {{answer}}
            {{/each}}Q: {{question}} {{signature}}
            """;

    private static final ExperimentRunner RUNNER = new ExperimentRunner(new PromptRenderer(), null, null);

    private static RunPlan.Prompt prompt(String id, String text) {
        return new RunPlan.Prompt(id, "prompts/" + id + ".prompt", "abc1234", null,
                PromptParser.parse(text, "prompts/" + id + ".prompt"));
    }

    private static ExperimentSpec spec(List<String> models, int samples) {
        return new ExperimentSpec("t", null, List.of(new ExperimentSpec.PromptSpec("p", "working")), models, "d", null,
                List.of(), samples, ExperimentSpec.Strategy.zeroShot(), Map.of(), 1, List.of());
    }

    private static RunPlan plan(List<RunPlan.Prompt> prompts, List<RunPlan.Case> cases, FewShotSelector selector,
                                List<String> badRows) {
        ExperimentSpec spec = spec(List.of("m1", "m2"), 1);
        return new RunPlan(spec, prompts, cases, RunPlan.cells(prompts, cases, spec.models(), 1), selector, badRows);
    }

    private static List<RunPlan.Case> cases(int n) {
        List<RunPlan.Case> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new RunPlan.Case("problems:" + (i + 1), Map.of("question", "q" + i), Map.of(),
                    "datasets/problems.jsonl:" + (i + 1)));
        }
        return out;
    }

    @Test
    void examplesAndAVariableNoCaseGivesAreOneWarningEachListingTheCases() {
        PlanCheck check = PlanCheck.of(plan(List.of(prompt("solve.fewshot-cot", FEWSHOT)), cases(7), null, List.of()), RUNNER);
        // 'tone' is tested with #if (the template handles its absence); 'greeting' has a default; 'signature' is read
        // but not declared; 'question' is given.
        assertThat(check.warnings()).extracting(Object::toString).containsExactly(
                "solve.fewshot-cot: 'examples' not given in 7 of 7 case(s) (datasets/problems.jsonl:2, :3, :4, :5, :6, ...)",
                "solve.fewshot-cot: 'signature' (used by the template) not given in 7 of 7 case(s) (datasets/problems.jsonl:2,"
                        + " :3, :4, :5, :6, ...)");
        assertThat(check.unrenderable()).isEmpty();
        assertThat(check.blocker()).isNull();
        assertThat(check.lines()).first().isEqualTo(
                "t: warning: input the prompts declare or use is missing in some cases (it renders as nothing):");
    }

    @Test
    void examplesFromASelectorFillTheInput() {
        String text = FEWSHOT.replace(" {{signature}}", "");
        FewShotSelector pool = new FewShotSelector(List.of(new FewShotSelector.Example("e1", Map.of("question", "1+1", "answer", "2")),
                new FewShotSelector.Example("e2", Map.of("question", "2+2", "answer", "4"))), 2, "fixed", null, null);
        RunPlan.Prompt own = prompt("solve.fewshot-cot", text).withSelector(pool);
        RunPlan.Prompt plain = prompt("solve", "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        PlanCheck check = PlanCheck.of(plan(List.of(plain, own), cases(3), null, List.of()), RUNNER);
        assertThat(check.clean()).isTrue();
        assertThat(check.lines()).isEmpty();
    }

    @Test
    void aCaseWithoutARequiredInputIsRefusedAndNamedWithItsPlace() {
        List<RunPlan.Case> cases = new ArrayList<>(cases(2));
        cases.add(1, new RunPlan.Case("problems:9", Map.of("questoin", "typo"), Map.of(), "datasets/problems.jsonl:9"));
        PlanCheck check = PlanCheck.of(plan(List.of(prompt("solve", "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n")),
                cases, null, List.of()), RUNNER);
        assertThat(check.unrenderable()).extracting(Object::toString).containsExactly(
                "solve x problems:9 (datasets/problems.jsonl:9): input does not match the input schema: missing required"
                        + " field 'question'");
        // two models, one sample: the pair stands for two calls
        assertThat(check.unrenderableCalls()).isEqualTo(2);
        assertThat(check.blocker()).isNull();
        assertThat(check.lines()).containsExactly(
                "t: 1 prompt x case pair(s) (2 call(s)) cannot be rendered, so they are not sent to a model:",
                "  solve x problems:9 (datasets/problems.jsonl:9): input does not match the input schema: missing required"
                        + " field 'question'");
    }

    @Test
    void longListsAreCappedAndNothingRenderingIsABlocker() {
        List<RunPlan.Case> cases = new ArrayList<>();
        for (int i = 1; i <= 14; i++) cases.add(new RunPlan.Case("d:" + i, Map.of("q", "x"), Map.of(), "datasets/d.jsonl:" + i));
        List<String> bad = new ArrayList<>();
        for (int i = 20; i < 33; i++) bad.add("datasets/d.jsonl:" + i + ": bad JSON at column 1: Unexpected character");
        PlanCheck check = PlanCheck.of(plan(List.of(prompt("solve", "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n")),
                cases, null, bad), RUNNER);
        List<String> lines = check.lines();
        assertThat(lines.get(0)).isEqualTo("t: 13 dataset row(s) cannot be read and are left out (all of them: studio datasets check):");
        assertThat(lines.get(1)).isEqualTo("  datasets/d.jsonl:20: bad JSON at column 1: Unexpected character");
        assertThat(lines.get(11)).isEqualTo("  ... and 3 more");
        assertThat(lines.get(12)).isEqualTo("t: 14 prompt x case pair(s) (28 call(s)) cannot be rendered, so they are not sent to a model:");
        assertThat(lines.get(23)).isEqualTo("  ... and 4 more");
        // The cases give 'q', the prompt reads 'question': the reason for all of the above, said last.
        assertThat(lines.get(24)).isEqualTo("t: warning: solve: no column of datasets/d.jsonl is an input of the prompt"
                + " (columns: q; the prompt's inputs: question)");
        assertThat(lines).hasSize(25);
        assertThat(check.blocker()).isEqualTo("experiments/t.yaml: no call can be rendered, so nothing is sent (14 prompt x"
                + " case pair(s), named above)");
    }

    @Test
    void aPlanWithNoCaseLeftBecauseEveryRowIsBadIsABlocker() {
        PlanCheck check = PlanCheck.of(plan(List.of(prompt("solve", "{{question}}")), List.of(), null,
                List.of("datasets/d.jsonl:1: expected a JSON object ({...}) on the line, found an array")), RUNNER);
        assertThat(check.blocker()).isEqualTo("experiments/t.yaml: no case to run: every row is bad (1 bad row(s), named above)");
        assertThat(check.lines()).containsExactly(
                "t: 1 dataset row(s) cannot be read and are left out (all of them: studio datasets check):",
                "  datasets/d.jsonl:1: expected a JSON object ({...}) on the line, found an array");
    }

    @Test
    void placesKeepTheFileOnceAndInlineInputsKeepTheirName() {
        assertThat(PlanCheck.places(List.of("datasets/a.jsonl:1", "datasets/a.jsonl:4", "datasets/b.csv:2", "datasets/b.csv:3")))
                .isEqualTo("datasets/a.jsonl:1, :4, datasets/b.csv:2, :3");
        assertThat(PlanCheck.places(List.of("experiments/x.yaml: input 1", "experiments/x.yaml: input 2")))
                .isEqualTo("experiments/x.yaml: input 1, experiments/x.yaml: input 2");
    }

    @Test
    void aDatasetWhoseColumnsThePromptDoesNotReadIsNamed() {
        // Issue 10 section 7: a semicolon file read as one column 'question;expected' failed every case with no reason.
        List<RunPlan.Case> cases = List.of(
                new RunPlan.Case("d:2", Map.of("question;expected", "2+2;4"), Map.of(), "datasets/d.csv:2"),
                new RunPlan.Case("d:3", Map.of("question;expected", "3+3;6"), Map.of(), "datasets/d.csv:3"));
        RunPlan.Prompt solve = prompt("solve", "---\ninput:\n  schema:\n    question?: string\n---\n{{question}} {{hint}}\n");
        RunPlan.Prompt fixed = prompt("fixed", "Say hello.\n");
        PlanCheck check = PlanCheck.of(plan(List.of(solve, fixed), cases, null, List.of()), RUNNER);

        // 'fixed' takes no input, so it reads no column on purpose: no warning for it.
        assertThat(check.columnWarnings()).extracting(Object::toString).containsExactly(
                "solve: no column of datasets/d.csv is an input of the prompt (columns: question;expected;"
                        + " the prompt's inputs: question, hint)");
        assertThat(check.clean()).isFalse();
        assertThat(check.lines()).last().isEqualTo("t: warning: solve: no column of datasets/d.csv is an input of the"
                + " prompt (columns: question;expected; the prompt's inputs: question, hint)");
    }

    @Test
    void oneColumnThePromptReadsIsEnough() {
        List<RunPlan.Case> cases = List.of(new RunPlan.Case("d:2", Map.of("question", "2+2", "note", "x"), Map.of(),
                "datasets/d.csv:2"));
        RunPlan.Prompt solve = prompt("solve", "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        PlanCheck check = PlanCheck.of(plan(List.of(solve), cases, null, List.of()), RUNNER);
        assertThat(check.columnWarnings()).isEmpty();
        assertThat(check.clean()).isTrue();
    }
}
