package org.promptstudio.provider;

import org.promptstudio.model.ErrorText;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * What the HTTP adapters share: streaming or not, timing, usage (reported, else estimated), and the rule that every
 * call ends with a {@link ChatResult} or a {@link ProviderException}. A subclass writes its wire format: the request
 * and the answer, whole or streamed.
 */
abstract class HttpChatProvider implements ModelProvider {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpChatProvider.class);

    /** {@code options.stream: false} turns streaming off for a model even when a listener is given. */
    static final String STREAM_OPTION = "stream";

    protected final ModelRef ref;
    protected final HttpTransport http;
    protected final UsageEstimator estimator;
    protected final Duration timeout;

    HttpChatProvider(ModelRef ref, HttpTransport http, UsageEstimator estimator, Duration defaultTimeout) {
        this.ref = ref;
        this.http = http;
        this.estimator = estimator;
        this.timeout = ref.timeoutSeconds() != null ? Duration.ofSeconds(ref.timeoutSeconds()) : defaultTimeout;
    }

    /**
     * The answer as the provider gave it; token counts are {@link #UNREPORTED} when it did not report them. {@code outputTokens}
     * includes reasoning tokens; {@code reasoningTokens} is the provider's count of them (negative when it reports none),
     * and {@code thinking} the reasoning text it sent apart from the answer (null when none), counted locally when
     * the provider gives no count (Anthropic, Ollama).
     */
    record Reply(String text, String finishReason, long inputTokens, long outputTokens, String providerModel,
                 long reasoningTokens, String thinking, java.util.List<Part.ToolRequest> toolCalls) {

        Reply {
            toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
        }

        Reply(String text, String finishReason, long inputTokens, long outputTokens, String providerModel,
              long reasoningTokens, String thinking) {
            this(text, finishReason, inputTokens, outputTokens, providerModel, reasoningTokens, thinking, null);
        }

        Reply(String text, String finishReason, long inputTokens, long outputTokens, String providerModel) {
            this(text, finishReason, inputTokens, outputTokens, providerModel, -1, null);
        }
    }

    /**
     * Decodes one streamed answer line by line. "Complete" is the wire format's own end marker, nothing else:
     * OpenAI a non-null {@code finish_reason} or {@code data: [DONE]}, Anthropic {@code message_stop} or a
     * {@code message_delta} with a {@code stop_reason}, Gemini a candidate's {@code finishReason}, Ollama
     * {@code "done": true}. A body that ends without one is truncated.
     */
    interface StreamDecoder {
        /**
         * Takes one body line, passing text to {@code text}; returns false when nothing more is expected (reading
         * stops). Throws for an error the provider sent inside the stream.
         */
        boolean onLine(String line, Consumer<String> text);

        /** Whether the provider's end marker has arrived: the text is whole, only trailing metadata may follow. */
        boolean complete();

        /** After the last line: the answer, or an error when the stream ended before the provider finished. */
        Reply finish();
    }

    /** The request for this call: URL, headers with the credentials, JSON body. */
    protected abstract WireCall call(ChatRequest request, boolean stream);

    protected abstract Reply parse(WireCall call, String body);

    protected abstract StreamDecoder decoder(WireCall call);

    @Override
    public final ChatResult chat(ChatRequest request, StreamListener listener) {
        if (request.cancellation().isCancelled()) throw new CallCancelledException(ref.id());
        boolean stream = listener != null && listener != StreamListener.NONE
                && !Boolean.FALSE.equals(option(STREAM_OPTION));
        long start = System.nanoTime();
        // the text streamed so far: a stream cut mid-way fails the call, and the failure carries it
        StringBuilder sofar = new StringBuilder();
        try {
            WireCall call;
            try {
                call = call(request, stream);
            } catch (ProviderException e) {
                // refused while building the request (no key, a role or part the provider cannot take): not sent
                throw e.getClass() == ProviderException.class ? e.notSent() : e;
            }
            if (!stream) {
                Reply reply = parse(call, http.post(call));
                return result(request, reply, start, null);
            }
            StreamDecoder decoder = decoder(call);
            long[] first = {-1};
            Consumer<String> text = delta -> {
                if (delta == null || delta.isEmpty()) return;
                if (first[0] < 0) first[0] = System.nanoTime();
                sofar.append(delta);
                listener.onText(delta);
            };
            boolean[] decoderFailed = {false};
            String whole;
            try {
                whole = http.stream(call, line -> {
                    try {
                        return decoder.onLine(line, text);
                    } catch (RuntimeException e) {
                        decoderFailed[0] = true;
                        throw e;
                    }
                });
            } catch (CallCancelledException e) {
                throw e;
            } catch (ProviderException e) {
                whole = null;
                // The end marker came, then the connection broke or went silent while we waited for what may follow
                // it (OpenAI's usage chunk, [DONE]): the text is whole, so the answer stands. Errors the provider
                // sent in the stream stay errors.
                if (decoderFailed[0] || !decoder.complete()) throw e;
                LOG.debug("{}: answer complete; stream then ended with: {}", ref.id(), e.getMessage());
            }
            if (request.cancellation().isCancelled()) throw new CallCancelledException(ref.id());
            // A server that ignored stream: true sent the whole answer: it is read as the non-streamed one and
            // reaches the listener as one delta.
            Reply reply = whole != null ? parse(call, whole) : decoder.finish();
            if (whole != null) text.accept(reply.text());
            return result(request, reply, start, first[0] < 0 ? null : first[0]);
        } catch (ProviderException e) {
            throw e.withPartialText(sofar.toString());
        } catch (RuntimeException e) {
            throw new ProviderException(ref.id() + ": " + ErrorBodies.shorten(ErrorText.reason(e)), false, -1, 0, e)
                    .withPartialText(sofar.toString());
        }
    }

    private ChatResult result(ChatRequest request, Reply reply, long start, Long firstNanos) {
        long end = System.nanoTime();
        ChatResult.Usage usage;
        if (reply.inputTokens() != UNREPORTED && reply.outputTokens() != UNREPORTED) {
            usage = new ChatResult.Usage(reply.inputTokens(), reply.outputTokens(), false);
        } else {
            ChatResult.Usage guess = estimator.estimate(request, reply.text());
            // Unreported output is counted from the text, and from the thinking too: it is billed as output.
            long thought = reply.thinking() == null || reply.thinking().isEmpty() ? 0
                    : estimator.estimate(request, reply.thinking()).outputTokens();
            boolean in = reply.inputTokens() != UNREPORTED;
            boolean out = reply.outputTokens() != UNREPORTED;
            usage = new ChatResult.Usage(in ? reply.inputTokens() : guess.inputTokens(),
                    out ? reply.outputTokens() : guess.outputTokens() + thought, true);
            // A reported half is still the provider's figure: an impossible one is flagged as below.
            if ((in && reply.inputTokens() < 0) || (out && reply.outputTokens() < 0)) {
                usage = new ChatResult.Usage(usage.inputTokens(), usage.outputTokens(), false);
            }
        }
        usage = new ChatResult.Usage(usage.inputTokens(), usage.outputTokens(), usage.estimated(),
                reasoningTokens(request, reply, usage));
        usage = UsageCheck.check(ref.id(), request, usage, reply.text(), reply.thinking(), reply.toolCalls());
        // An answer with no text is recorded as empty, not as a normal stop (decision 0039); one that asks for tools
        // is a tool call, whatever word the provider used (Gemini says STOP).
        String finish = reply.toolCalls().isEmpty()
                ? org.promptstudio.model.FinishReason.recorded(reply.finishReason(), reply.text())
                : org.promptstudio.model.FinishReason.TOOL_CALLS;
        return new ChatResult(reply.text(), finish, usage, (end - start) / 1_000_000,
                firstNanos == null ? null : (firstNanos - start) / 1_000_000,
                reply.providerModel() != null ? reply.providerModel() : ref.model(), reply.toolCalls());
    }

    /**
     * The reasoning tokens of a reply: the provider's count when it gave one, else the thinking text it sent counted
     * with the estimator (Anthropic and Ollama count thinking in their output tokens without saying how many), never
     * more than the output tokens.
     */
    private long reasoningTokens(ChatRequest request, Reply reply, ChatResult.Usage usage) {
        if (reply.reasoningTokens() >= 0) return Math.min(reply.reasoningTokens(), usage.outputTokens());
        if (reply.thinking() == null || reply.thinking().isEmpty()) return 0;
        return Math.min(estimator.estimate(request, reply.thinking()).outputTokens(), usage.outputTokens());
    }

    protected Object option(String key) {
        return ref.options().get(key);
    }

    protected String stringOption(String key, String fallback) {
        Object v = ref.options().get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().strip();
    }

    protected WireCall wireCall(URI uri, Map<String, String> headers, String body, ChatRequest request,
                                Redactor redactor) {
        return new WireCall(ref.id(), uri, headers, body, timeout, request.cancellation(), redactor);
    }

    /** One path segment, percent-encoded ({@code URLEncoder} is for forms: it would turn a space into '+'). */
    protected static String segment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The base URL without a trailing slash. */
    protected static String trimSlash(String url) {
        String s = url.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** The first of {@code names} that is set, or a non-retryable error saying which to set. */
    protected Secret requireKey(Credentials credentials, String... names) {
        Readiness readiness = credentials.check(names);
        if (!readiness.isReady()) throw new ProviderException(ref.id() + ": " + readiness.reason());
        return credentials.find(names).orElseThrow();
    }

    protected ProviderException unsupported(String what) {
        return new ProviderException(ref.id() + ": " + what, false, -1, 0, null);
    }

    /** The role as the provider names it: {@code system}, {@code user}, and {@code model} as {@code assistantRole}. */
    protected String role(Message m, String assistantRole) {
        return switch (m.role()) {
            case Message.SYSTEM -> "system";
            case Message.USER -> "user";
            case Message.MODEL -> assistantRole;
            // a tool message carries tool results; one with only text answers no call, and no provider takes it
            case Message.TOOL -> m.content().stream().anyMatch(Part.ToolResponse.class::isInstance) ? "tool"
                    : unsupportedRole(m);
            default -> throw unsupported("message role '" + m.role() + "' is not supported by " + ref.provider());
        };
    }

    private String unsupportedRole(Message m) {
        throw unsupported("message role '" + m.role() + "' is not supported by " + ref.provider());
    }

    protected ProviderException truncated(WireCall call, String missing) {
        return new ProviderException(ref.id() + ": stream from " + call.shownUrl() + " ended before " + missing
                + " (truncated)", true, -1, 0, null);
    }

    /** An error the provider reported inside a streamed answer. */
    protected ProviderException streamError(WireCall call, String detail, boolean retryable) {
        return new ProviderException(call.redactor().clean(ref.id() + ": error in stream from " + call.shownUrl()
                + ": " + ErrorBodies.shorten(detail)), retryable, -1, 0, null);
    }

    /** An error the provider reported in a whole answer that came with HTTP 200. */
    protected ProviderException answerError(WireCall call, String detail) {
        return new ProviderException(call.redactor().clean(ref.id() + ": error from " + call.shownUrl()
                + ": " + ErrorBodies.shorten(detail)), false, -1, 0, null);
    }

    /**
     * A tool's arguments as the model wrote them, read into a map: a JSON object as it is, anything else (text that
     * is no JSON, an array) kept whole under {@code _raw} so nothing the model wrote is lost.
     */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> arguments(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return Map.of();
        if (node.isTextual()) {
            String text = node.asText();
            if (text.isBlank()) return Map.of();
            JsonNode parsed = WireJson.tryParse(text);
            if (parsed != null && parsed.isObject()) return WireJson.MAPPER.convertValue(parsed, Map.class);
            return Map.of("_raw", text);
        }
        if (node.isObject()) return WireJson.MAPPER.convertValue(node, Map.class);
        return Map.of("_raw", node.toString());
    }

    /**
     * Puts {@code tools} into {@code body} as the {@code tools} array of "function" tools that OpenAI's chat completions
     * (platform.openai.com/docs/guides/function-calling) and Ollama's /api/chat (github.com/ollama/ollama docs/api.md,
     * "Chat request (with tools)") both take: each {@code function} with its name, description (when there is one)
     * and {@code parameters} (the input's JSON Schema). Nothing is put when there are no tools.
     */
    protected static void putFunctionTools(com.fasterxml.jackson.databind.node.ObjectNode body,
            java.util.List<org.promptstudio.model.ToolDefinition> tools) {
        if (tools.isEmpty()) return;
        com.fasterxml.jackson.databind.node.ArrayNode array = body.putArray("tools");
        for (org.promptstudio.model.ToolDefinition t : tools) {
            com.fasterxml.jackson.databind.node.ObjectNode function =
                    array.addObject().put("type", "function").putObject("function");
            function.put("name", t.name());
            if (!t.description().isEmpty()) function.put("description", t.description());
            function.set("parameters", WireJson.MAPPER.valueToTree(t.inputSchema()));
        }
    }

    /**
     * The calls of a {@code tool_calls} array in the "function" form both formats above answer with: each call's
     * {@code id}, {@code function.name} and {@code function.arguments} (an object, or JSON text: {@link #arguments});
     * a call without a name is passed over.
     *
     * @param missingId the id of a call that has none, from its name and its number (1 for the first call read)
     */
    protected static java.util.List<Part.ToolRequest> functionCalls(JsonNode calls,
            java.util.function.BiFunction<String, Integer, String> missingId) {
        java.util.List<Part.ToolRequest> out = new java.util.ArrayList<>();
        for (JsonNode c : calls) {
            String name = c.path("function").path("name").asText("");
            if (name.isBlank()) continue;
            String id = c.hasNonNull("id") ? c.get("id").asText() : missingId.apply(name, out.size() + 1);
            out.add(new Part.ToolRequest(id, name, arguments(c.path("function").path("arguments"))));
        }
        return out;
    }

    /** A tool's result as text for the providers that take text: a string as it is, any other value as JSON. */
    protected static String resultText(Object output) {
        if (output instanceof String s) return s;
        return WireJson.write(WireJson.MAPPER.valueToTree(output));
    }

    /** The tool calls of a request's model messages and the results of its tool messages are in the wire. */
    protected static boolean hasToolParts(Message m) {
        return m.content().stream().anyMatch(p -> p instanceof Part.ToolRequest || p instanceof Part.ToolResponse);
    }

    protected static int intOr(JsonNode node, int fallback) {
        return node != null && node.isNumber() ? node.intValue() : fallback;
    }

    /**
     * A token count as the provider wrote it, whole (a JSON number read as a long, never cut to 32 bits; a number
     * beyond a long saturates), or {@code fallback} when the field is absent or not a number.
     */
    protected static long longOr(JsonNode node, long fallback) {
        if (node == null || !node.isNumber()) return fallback;
        if (node.isIntegralNumber() && !node.canConvertToLong()) {
            return node.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
        return node.asLong();
    }

    /** A token count the provider did not report (a reported count may be any long, negative ones included). */
    protected static final long UNREPORTED = Long.MIN_VALUE;
}
