package org.promptstudio.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.experiment.ToolExchange;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.model.ToolDefinition;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.StreamListener;
import org.promptstudio.template.JsonValues;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.RenderedPromptJson;
import org.promptstudio.workspace.ToolFiles;

/**
 * Tool calls for the faces (decisions 0084, 0085): the tools a prompt offers, the tool calls a recorded answer waits
 * on, and continuing a conversation that ends in a model's tool call once the tools' results are given (typed by the
 * user, or the dataset case's mocks). The playground calls {@link #continueWith}; the grid reads {@link #pending}.
 *
 * <pre>{@code
 * ToolCalls tools = studio.toolCalls(models);
 * List<ToolDefinition> offered = tools.offeredBy(promptText, "prompts/weather.prompt");
 * // the model answered with a tool call: conversation ends with its turn (role model, ToolRequest parts)
 * ToolCalls.Continued next = tools.continueWith(new ToolCalls.Continuation("gpt", conversation, offered,
 *         GenerationParams.NONE, Map.of("call_1", Map.of("temp", 21)), Map.of()), delta -> show(delta), cancel);
 * next.conversation();   // ... + the tool turn (role tool) + the model's new turn
 * next.pending();        // empty when the model answered; else it asks for more tools
 * }</pre>
 */
public final class ToolCalls {

    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Studio studio;
    private final ModelAccess models;

    ToolCalls(Studio studio, ModelAccess models) {
        this.studio = studio;
        this.models = models;
    }

    /**
     * What to continue.
     *
     * @param model        the model id from studio.yaml
     * @param conversation the messages so far, ending with the model's turn that asks for tools
     * @param tools        the tools offered (as {@link #offeredBy} gives them); sent again with the continuation
     * @param params       the settings of the call (null: none)
     * @param results      results by the tool call's {@code ref} (what the user typed: a string, or any JSON value)
     * @param mocks        the dataset case's input, whose {@code tool_results} field gives a result by tool name
     *                     for each call {@code results} does not answer (empty: no mocks)
     */
    public record Continuation(String model, List<Message> conversation, List<ToolDefinition> tools,
                               GenerationParams params, Map<String, Object> results, Map<String, Object> mocks) {
        public Continuation {
            conversation = List.copyOf(conversation);
            tools = tools == null ? List.of() : List.copyOf(tools);
            results = results == null ? Map.of() : new LinkedHashMap<>(results);
            mocks = mocks == null ? Map.of() : new LinkedHashMap<>(mocks);
        }
    }

    /**
     * The continued conversation: the one given, then the tool turn, then the model's turns; {@code result} is the
     * model's last answer (its text, figures and any tool calls it asks for now); {@code guard} what the guardrails
     * found and let pass on the continuation.
     */
    public record Continued(List<Message> conversation, ChatResult result,
                            List<org.promptstudio.model.GuardFinding> guard) {

        public Continued {
            guard = guard == null ? List.of() : List.copyOf(guard);
        }

        /** A continuation no guardrail looked at. */
        public Continued(List<Message> conversation, ChatResult result) {
            this(conversation, result, List.of());
        }

        /** The tool calls the model now asks for; empty when it answered. */
        public List<Part.ToolRequest> pending() {
            return result.toolCalls();
        }
    }

    /**
     * The tools the prompt {@code text} (at {@code path}) offers, resolved against the workspace's {@code tools/}.
     *
     * @throws StudioException one line naming the prompt or the tool file (an unknown tool, a bad definition)
     */
    public List<ToolDefinition> offeredBy(String text, String path) {
        PromptMetadata meta = studio.prompts().renderer().resolveMetadata(studio.prompts().parse(text, path), Map.of());
        return ToolFiles.of(studio.workspace().root()).resolve(meta.tools(), meta.get("toolDefs"), path);
    }

    /**
     * Gives the tools' results to the model and lets it go on: the last message must be the model's turn with its
     * tool calls; each call gets {@code results.get(ref)}, else the case's mock for its tool. Streams the model's text
     * to {@code listener}. When the model asks for tools again and the mocks answer them, it goes on (at most
     * {@link ToolExchange#MAX_ROUNDS} rounds); else it stops and {@link Continued#pending()} lists what it waits on.
     *
     * @throws StudioException one line: no tool call to answer, a call without a result, an unknown model
     * @throws org.promptstudio.provider.ProviderException one line, when the model call fails
     */
    public Continued continueWith(Continuation c, StreamListener listener, Cancellation cancel) {
        if (c.conversation().isEmpty()) throw new StudioException("there is no conversation to continue");
        Message last = c.conversation().get(c.conversation().size() - 1);
        List<Part.ToolRequest> calls = last.toolRequests();
        if (!Message.MODEL.equals(last.role()) || calls.isEmpty()) {
            throw new StudioException("the conversation does not end with a tool call of the model: nothing to answer");
        }
        ToolExchange.Results mocks = ToolExchange.mocks(c.mocks());
        List<Part> answers = new ArrayList<>();
        for (Part.ToolRequest call : calls) {
            Optional<Object> value = c.results().containsKey(call.ref()) ? Optional.ofNullable(c.results().get(call.ref()))
                    .or(() -> Optional.of("null")) : mocks.of(call);
            if (value.isEmpty()) {
                throw new StudioException("no result for the call of tool '" + call.name() + "' (" + call.ref()
                        + "): type one, or give the case a " + ToolExchange.MOCKS_FIELD + "." + call.name() + " field");
            }
            answers.add(new Part.ToolResponse(call.ref(), call.name(), value.get()));
        }
        List<Message> conversation = new ArrayList<>(c.conversation());
        conversation.add(new Message(Message.TOOL, answers));
        ModelRef ref = models.ref(c.model());
        ChatRequest request = new ChatRequest(ref, conversation, c.params(), cancel, c.tools());
        ToolExchange.Outcome outcome = ToolExchange.run(models.provider(c.model()), request,
                listener == null ? StreamListener.NONE : listener, mocks);
        List<Message> out = new ArrayList<>(outcome.sent());
        out.add(ToolExchange.modelTurn(outcome.last()));
        return new Continued(List.copyOf(out), outcome.last(), outcome.guard());
    }

    /**
     * The tool calls a recorded answer waits on: those of the model's turn its recorded conversation ends with
     * (decision 0085), in order; empty when the answer asks for none, or the call was read without its texts.
     */
    public static List<Part.ToolRequest> pending(CallRecord call) {
        List<Message> transcript = transcript(call);
        if (transcript.isEmpty()) return List.of();
        Message last = transcript.get(transcript.size() - 1);
        return Message.MODEL.equals(last.role()) ? last.toolRequests() : List.of();
    }

    /** Every tool call and result of a recorded call's exchange, in order (the calls the mocks answered too). */
    public static List<Part> exchange(CallRecord call) {
        List<Part> out = new ArrayList<>();
        for (Message m : transcript(call)) {
            for (Part p : m.content()) {
                if (p instanceof Part.ToolRequest || p instanceof Part.ToolResponse) out.add(p);
            }
        }
        return out;
    }

    /** The recorded conversation of {@code call} (its messages JSON), or empty when unreadable or not read. */
    public static List<Message> transcript(CallRecord call) {
        if (call == null || call.texts() == null || call.texts().messagesJson() == null) return List.of();
        try {
            return RenderedPromptJson.fromMaps(JsonValues.parseArray(call.texts().messagesJson(), "recorded messages"));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A tool call as one line: {@code weather({"city":"Paris"})}. */
    public static String describe(Part.ToolRequest call) {
        try {
            return call.name() + "(" + COMPACT.writeValueAsString(call.input()) + ")";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return call.name() + "(" + call.input() + ")";
        }
    }
}
