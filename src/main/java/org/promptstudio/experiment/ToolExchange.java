package org.promptstudio.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.provider.CallOutcome;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.StreamListener;

/**
 * A call that may go back and forth with tools: the model asks for tools, their results are given back, the model
 * goes on, until it answers without asking or a result is missing. Results come from a {@link Results} (a dataset
 * case's mocks, or what a user typed). Decision 0085.
 */
public final class ToolExchange {

    /** The dataset field that holds mocked tool results: {@code {"tool_results": {"weather": {"temp": 21}}}}. */
    public static final String MOCKS_FIELD = "tool_results";

    /** Rounds of tool calls one cell may make before it stops, so a model that keeps asking cannot loop forever. */
    public static final int MAX_ROUNDS = 5;

    /** The result of one tool call, or empty when there is none (the exchange stops there). */
    @FunctionalInterface
    public interface Results {
        Optional<Object> of(Part.ToolRequest call);

        /** No results: the exchange stops at the first tool call. */
        Results NONE = call -> Optional.empty();
    }

    /**
     * Mocked results of a dataset case: its {@value #MOCKS_FIELD} field, a mapping from a tool's name to the result
     * every call of that tool gets (any JSON value). None when the case has no such field.
     */
    public static Results mocks(Map<String, Object> caseInput) {
        Object field = caseInput == null ? null : caseInput.get(MOCKS_FIELD);
        if (!(field instanceof Map<?, ?> map)) return Results.NONE;
        return call -> map.containsKey(call.name()) ? Optional.ofNullable(map.get(call.name())).or(() -> Optional.of("null"))
                : Optional.empty();
    }

    /**
     * What an exchange ended with: the last answer, the conversation as last sent ({@code sent}: the request's
     * messages, then each model turn that asked for tools with the results given back), the results of every round
     * in order, whether each round came from the cache, and what the guardrails found and let pass over all rounds
     * ({@code guard}, each finding once).
     */
    public record Outcome(ChatResult last, List<Message> sent, List<ChatResult> rounds, boolean allCached,
                          String firstCacheKey, List<GuardFinding> guard) {

        public Outcome {
            guard = guard == null ? List.of() : List.copyOf(guard);
        }

        /** An exchange no guardrail looked at. */
        public Outcome(ChatResult last, List<Message> sent, List<ChatResult> rounds, boolean allCached,
                       String firstCacheKey) {
            this(last, sent, rounds, allCached, firstCacheKey, List.of());
        }

        /** The tool calls the last answer asks for that got no result: empty when the model answered in full. */
        public List<Part.ToolRequest> pending() {
            return last.toolCalls();
        }

        /** The conversation with the last answer's own turn at its end when it asks for tools (for the record). */
        public List<Message> transcript() {
            if (pending().isEmpty()) return sent;
            List<Message> out = new ArrayList<>(sent);
            out.add(modelTurn(last));
            return out;
        }
    }

    private ToolExchange() {
    }

    /**
     * Makes {@code request}, then, while the answer asks for tools and {@code results} has a result for each, sends
     * the answer's turn and the results back, at most {@link #MAX_ROUNDS} times.
     *
     * @throws org.promptstudio.provider.ProviderException as the provider raises it, for any round
     */
    public static Outcome run(ModelProvider provider, ChatRequest request, StreamListener listener, Results results) {
        List<Message> conversation = new ArrayList<>(request.messages());
        List<ChatResult> rounds = new ArrayList<>();
        boolean allCached = true;
        String firstKey = null;
        ChatRequest current = request;
        List<GuardFinding> guard = new ArrayList<>();
        while (true) {
            CallOutcome outcome = provider.call(current, listener);
            for (GuardFinding f : outcome.guard()) {
                if (!guard.contains(f)) guard.add(f); // a later round repeats the input's findings
            }
            if (firstKey == null) firstKey = outcome.cacheKey();
            allCached &= outcome.cached();
            ChatResult result = outcome.result();
            rounds.add(result);
            if (result.toolCalls().isEmpty() || rounds.size() > MAX_ROUNDS) break;
            List<Part> answers = new ArrayList<>();
            for (Part.ToolRequest call : result.toolCalls()) {
                Optional<Object> value = results.of(call);
                if (value.isEmpty()) break;
                answers.add(new Part.ToolResponse(call.ref(), call.name(), value.get()));
            }
            if (answers.size() < result.toolCalls().size()) break;
            conversation.add(modelTurn(result));
            conversation.add(new Message(Message.TOOL, answers));
            current = current.withMessages(conversation);
        }
        return new Outcome(rounds.get(rounds.size() - 1), List.copyOf(conversation), List.copyOf(rounds), allCached,
                firstKey, guard);
    }

    /** The model's turn of {@code result}: its text (when any), then its tool calls. */
    public static Message modelTurn(ChatResult result) {
        List<Part> parts = new ArrayList<>();
        if (result.text() != null && !result.text().isEmpty()) parts.add(new Part.Text(result.text()));
        parts.addAll(result.toolCalls());
        return new Message(Message.MODEL, parts);
    }
}
