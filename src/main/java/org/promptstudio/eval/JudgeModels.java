package org.promptstudio.eval;

import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.provider.StreamListener;

/**
 * How a judge asks a model: {@code prompts} renders a judge prompt by name ({@code judge-rubric},
 * {@code judge-pairwise}) with its inputs; {@code models} finds the judge model by id (null: the workspace's default).
 * The app renders the workspace's own {@code prompts/judge-*.prompt}, or the built-in one.
 *
 * <p>{@code cancellation} is given to every judge call, so cancelling it aborts a judge's request in flight (the
 * adapter aborts its HTTP call); {@code calls} hears each judge call that answered, with its figures, so that a
 * judge's tokens and cost can be shown and recorded like any call's (decision 0113).
 */
public record JudgeModels(Prompts prompts, Models models, Cancellation cancellation, Calls calls) {

    public JudgeModels {
        calls = calls == null ? Calls.NONE : calls;
    }

    /** Judges that cannot be cancelled and whose calls nobody hears. */
    public JudgeModels(Prompts prompts, Models models) {
        this(prompts, models, null, Calls.NONE);
    }

    /** These judges, each call of them stopped by {@code cancel} (null: not stoppable) and told to {@code heard}. */
    public JudgeModels scoped(Cancellation cancel, Calls heard) {
        return new JudgeModels(prompts, models, cancel, heard);
    }

    /** Hears judge calls; called on the judging thread, once per call that answered. */
    @FunctionalInterface
    public interface Calls {
        Calls NONE = (prompt, judge, messages, result) -> { };

        /**
         * @param prompt   the judge prompt's name ({@code judge-rubric}, {@code judge-pairwise})
         * @param judge    the model asked
         * @param messages what it was sent
         * @param result   its answer, with its usage (tokens) and latency in milliseconds
         */
        void judged(String prompt, Judge judge, List<Message> messages, ChatResult result);
    }

    /** Renders judge prompt {@code name} with {@code input} into messages. */
    @FunctionalInterface
    public interface Prompts {
        List<Message> render(String name, Map<String, Object> input);
    }

    /** The judge model with the given workspace id, or the default one for null. */
    @FunctionalInterface
    public interface Models {
        Judge resolve(String id);
    }

    /** A model to ask and the adapter to ask it through. */
    public record Judge(ModelRef ref, ModelProvider provider) {
    }

    /** Renders {@code promptName} with {@code input} and asks the judge; the answer text. */
    String ask(String promptName, Map<String, Object> input, String judgeId) {
        Judge judge = models.resolve(judgeId);
        List<Message> messages = prompts.render(promptName, input);
        try {
            ChatResult r = judge.provider().chat(new ChatRequest(judge.ref(), messages, null, cancellation),
                    StreamListener.NONE);
            calls.judged(promptName, judge, messages, r);
            return r.text() == null ? "" : r.text();
        } catch (ProviderException e) {
            throw new EvalException("judge " + judge.ref().id() + ": " + e.getMessage(), e);
        }
    }
}
