package org.promptstudio.eval;

import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.provider.StreamListener;

/**
 * How a judge asks a model: {@code prompts} renders a judge prompt by name ({@code judge-rubric},
 * {@code judge-pairwise}) with its inputs; {@code models} finds the judge model by id (null: the workspace's default).
 * The app renders the workspace's own {@code prompts/judge-*.prompt}, or the built-in one.
 */
public record JudgeModels(Prompts prompts, Models models) {

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
            ChatResult r = judge.provider().chat(new ChatRequest(judge.ref(), messages, null), StreamListener.NONE);
            return r.text() == null ? "" : r.text();
        } catch (ProviderException e) {
            throw new EvalException("judge " + judge.ref().id() + ": " + e.getMessage(), e);
        }
    }
}
