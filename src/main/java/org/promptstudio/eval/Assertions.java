package org.promptstudio.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assertion types by name (docs/decisions/0011-evaluation.md): checks a declaration before a run is judged and
 * applies it to one answer. {@code not-TYPE} negates a text type or {@code is-json}: pass and fail swap, the score
 * becomes 1 - score, the reason (which states the fact) stays. An assertion that cannot be evaluated on this answer
 * (a judge that fails, a bad option) fails with the reason, and the others go on.
 */
public final class Assertions {

    private static final Logger LOG = LoggerFactory.getLogger(Assertions.class);
    private static final String NOT = "not-";
    private static final Set<String> NEGATABLE = Set.of("equals", "contains", "contains-any", "contains-all",
            "starts-with", "regex", "length", "is-json", AnswerEndChecks.IS_REFUSAL);

    private final Map<String, Check> checks = new LinkedHashMap<>();

    /** Every type; {@code judges} may be null, and then model-graded assertions fail saying no judge is set. */
    public Assertions(Metrics metrics, JudgeModels judges) {
        TextChecks.register(checks);
        StructureChecks.register(checks);
        ClosenessChecks.register(checks, metrics);
        AnswerChecks.register(checks);
        OperationChecks.register(checks);
        AnswerEndChecks.register(checks);
        SourceChecks.register(checks);
        JudgeChecks.register(checks, judges == null ? null : new LlmJudge(judges),
                judges == null ? null : new PairwiseJudge(judges));
    }

    /** Every type by name, {@code not-} forms included. */
    public Set<String> types() {
        Set<String> all = new TreeSet<>(checks.keySet());
        NEGATABLE.forEach(t -> all.add(NOT + t));
        return all;
    }

    /** Throws {@link EvalException} for an unknown type or a value or option the type cannot use. */
    public void validate(AssertionSpec spec) {
        check(spec.type()).validate(base(spec));
    }

    public AssertionResult evaluate(AssertionSpec spec, EvalContext ctx) {
        Check check = check(spec.type());
        boolean negated = isNegated(spec.type());
        AssertionResult r;
        try {
            r = check.run(base(spec), ctx);
        } catch (EvalException e) {
            LOG.debug("assertion {} could not be evaluated", spec.type(), e);
            return new AssertionResult(spec.type(), false, 0, "cannot evaluate: " + e.getMessage());
        }
        if (!negated) return new AssertionResult(spec.type(), r.pass(), r.score(), r.reason());
        return new AssertionResult(spec.type(), !r.pass(), 1 - r.score(), r.reason());
    }

    /**
     * Whether {@code spec} asks for exactly the non-answer {@code na} ({@code is-refusal} for a refusal, a content
     * filter or an empty answer; {@code finish-reason} with its word), so a case with it is judged by its assertions
     * rather than failed for not answering (decision 0040). Weight-0 assertions never ask.
     */
    public boolean asksFor(AssertionSpec spec, org.promptstudio.model.NonAnswer na) {
        return AnswerEndChecks.asksFor(spec, na);
    }

    private Check check(String type) {
        String base = isNegated(type) ? type.substring(NOT.length()) : type;
        Check c = checks.get(base);
        if (c == null || isNegated(type) && !NEGATABLE.contains(base)) {
            throw new EvalException("unknown assertion type '" + type + "' (known: " + String.join(", ", types()) + ")");
        }
        return c;
    }

    private boolean isNegated(String type) {
        return type.startsWith(NOT) && !checks.containsKey(type);
    }

    private AssertionSpec base(AssertionSpec spec) {
        if (!isNegated(spec.type())) return spec;
        return new AssertionSpec(spec.type().substring(NOT.length()), spec.value(), spec.threshold(), spec.weight(),
                spec.options());
    }
}
