package org.promptstudio.workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardStage;

/**
 * The {@code guard:} section of {@code studio.yaml}: what each guardrail does on every model call (decision 0143).
 * Each check is {@code off}, {@code warn} (the finding is recorded with the call, which goes on) or {@code block}
 * (the call is recorded as blocked with the reason; an input finding means it is never sent). A check that looks at
 * both the request and the answer (pii, blocklist) also takes one action per stage. A part left out is
 * {@code warn}; {@link StudioConfigReader} checks the values.
 *
 * <pre>
 * guard:
 *   pii: { input: block, output: warn }   # or pii: warn
 *   injection: warn                       # user input only
 *   blocklist: { action: block, terms: [ "project falcon" ], file: guard/blocklist.txt }
 *   schema: warn                          # answers of prompts that declare output.schema
 *   provider: warn                        # the provider's content_filter / refusal
 * </pre>
 *
 * @param pii       personal data (the document index's detectors) in the request and the answer
 * @param injection prompt-injection patterns in the user's input
 * @param blocklist the workspace's terms, matched as whole words ignoring case, in the request and the answer
 * @param schema    JSON and schema validity of an answer whose prompt declares an output schema
 * @param provider  the provider's own safety flags on the answer
 */
public record GuardConfig(Level pii, Level injection, Blocklist blocklist, Level schema, Level provider) {

    /** Every check at its default, {@code warn}. */
    public static final GuardConfig DEFAULT = new GuardConfig(null, null, null, null, null);

    public GuardConfig {
        pii = pii != null ? pii : Level.WARN;
        injection = injection != null ? injection : Level.WARN;
        blocklist = blocklist != null ? blocklist : new Blocklist(null, null, null);
        schema = schema != null ? schema : Level.WARN;
        provider = provider != null ? provider : Level.WARN;
    }

    /** The stages {@code check} looks at: injection the input only, schema and provider the output only. */
    public static List<GuardStage> stages(GuardCheck check) {
        return switch (check) {
            case PII, BLOCKLIST -> List.of(GuardStage.INPUT, GuardStage.OUTPUT);
            case INJECTION -> List.of(GuardStage.INPUT);
            case SCHEMA, PROVIDER -> List.of(GuardStage.OUTPUT);
        };
    }

    /** What {@code check} does at {@code stage}: {@code off} for a stage it does not look at. Only for a checked config. */
    public GuardAction action(GuardCheck check, GuardStage stage) {
        if (!stages(check).contains(stage)) return GuardAction.OFF;
        Level level = level(check);
        String id = stage == GuardStage.INPUT ? level.input() : level.output();
        return id == null ? GuardAction.WARN : GuardAction.of(id);
    }

    /** The setting of {@code check} as written ({@code blocklist}: its {@code action}). */
    public Level level(GuardCheck check) {
        return switch (check) {
            case PII -> pii;
            case INJECTION -> injection;
            case BLOCKLIST -> blocklist.action();
            case SCHEMA -> schema;
            case PROVIDER -> provider;
        };
    }

    /** Whether any check blocks anything at {@code stage}. */
    public boolean blocks(GuardStage stage) {
        for (GuardCheck check : GuardCheck.values()) {
            if (action(check, stage) == GuardAction.BLOCK) return true;
        }
        return false;
    }

    /**
     * One check's action: in studio.yaml a plain word ({@code warn}) for every stage, or {@code {input: block, output:
     * warn}}; a stage left out of the mapping is {@code warn}.
     *
     * @param input  {@code off}, {@code warn} or {@code block} for the request; null: warn
     * @param output the same for the answer
     */
    public record Level(String input, String output) {

        /** Warn at every stage. */
        public static final Level WARN = new Level(GuardAction.WARN.id(), GuardAction.WARN.id());

        /** The same action at every stage, as a plain word in the file. */
        public Level(String both) {
            this(both, both);
        }
    }

    /**
     * The blocklist.
     *
     * @param action what a match does (a word or a per-stage mapping); default warn
     * @param terms  the terms; each matched as whole words, ignoring case, any run of blanks matching any other
     * @param file   a workspace-relative text file with more terms, one a line ({@code #} starts a comment); null: none
     */
    public record Blocklist(Level action, List<String> terms, String file) {
        public Blocklist {
            action = action != null ? action : Level.WARN;
            // null entries are kept so the reader can name their place
            terms = terms == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(terms));
        }
    }
}
