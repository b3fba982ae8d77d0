package org.promptstudio.app;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.Message;
import org.promptstudio.model.NonAnswer;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;

/**
 * A recorded call's fields as people read them, the same in {@code studio calls}, {@code studio calls show} and the
 * window's call browser: time, prompt and version, model, tokens, cost, latency, status, and the whole record.
 */
public final class CallText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String PROMPTS = "prompts/";
    private static final String SUFFIX = ".prompt";

    private CallText() {
    }

    /** The time in {@code zone}, to the second ({@code 2026-11-30 04:12:09}). */
    public static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }

    /** A prompt as the user names it: {@code prompts/answer.formal.prompt} is {@code answer.formal}; null is "-". */
    public static String promptId(String path) {
        if (path == null) return "-";
        if (path.startsWith(PROMPTS) && path.endsWith(SUFFIX) && path.length() > PROMPTS.length() + SUFFIX.length()) {
            return path.substring(PROMPTS.length(), path.length() - SUFFIX.length());
        }
        return path;
    }

    /** The recorded path of a prompt the user named by id ({@code answer}) or file ({@code prompts/answer.prompt}). */
    public static String promptPath(String given) {
        String p = given.strip().replace('\\', '/');
        if (p.startsWith("./")) p = p.substring(2);
        if (!p.endsWith(SUFFIX)) return PROMPTS + p + SUFFIX;
        return p.contains("/") ? p : PROMPTS + p;
    }

    /** {@code answer@1a2b3c4}: the prompt and the short commit of its version ({@code -} when not committed). */
    public static String version(CallRecord call) {
        String commit = call.promptCommit();
        return promptId(call.promptPath()) + "@" + (commit == null ? "-" : commit.substring(0, Math.min(7, commit.length())));
    }

    /** {@code provider/model}. */
    public static String model(CallRecord call) {
        return call.provider() + "/" + call.model();
    }

    /** {@code 10/982}, or {@code 10/982 (980 thinking)} when some of the output tokens were the model's reasoning. */
    public static String tokens(CallRecord call) {
        if (call.tokensIn() == null && call.tokensOut() == null) return "-";
        return orDash(call.tokensIn()) + "/" + orDash(call.tokensOut()) + thinking(call);
    }

    /** {@code " (980 thinking)"} when the call had reasoning tokens (they are among its output tokens), else empty. */
    public static String thinking(CallRecord call) {
        Long r = call.reasoningTokens();
        return r == null || r == 0 ? "" : " (" + r + " thinking)";
    }

    /**
     * What {@code call} cost as a list shows it: its dollars, {@code ?} when its token counts cannot be true (the
     * cost is unknown, decision 0114; {@link #record} names the figure) or not known otherwise (decision 0118).
     *
     * @param spent the figure to show (the call's cost, or what it cost this run: {@link CallRecord#spent()})
     */
    public static String cost(CallRecord call, BigDecimal spent) {
        if (call.usageNote() != null) return "?";
        // a call that failed or was cancelled without a cost was not charged as far as anyone knows: not "unknown"
        if (spent == null && !call.unpriced()) return "-";
        return cost(spent);
    }

    /** Dollars as every figure writes them ({@link org.promptstudio.model.Usd}): {@code $0.000036}, {@code $0}, {@code ?}. */
    public static String cost(BigDecimal cost) {
        return org.promptstudio.model.Usd.text(cost);
    }

    /** {@code 812 ms}, or {@code -} when unknown. */
    public static String latency(Long ms) {
        return ms == null ? "-" : ms + " ms";
    }

    /**
     * {@code ok}; for a call that did not give a full answer what it was ({@code refused}, {@code cut off (max 256
     * tokens)}: {@link NonAnswer#brief()}, decision 0039); or {@code error: } (or {@code blocked: } for a call a guardrail stopped) and the error on one line; cut to
     * {@code width} characters (at least 4).
     */
    public static String status(CallRecord call, int width) {
        String text;
        java.util.Optional<NonAnswer> nonAnswer = NonAnswer.of(call);
        if (nonAnswer.isPresent()) {
            text = nonAnswer.get().listed();
        } else if (call.status() != CallStatus.ERROR && call.status() != CallStatus.BLOCKED || call.error() == null) {
            return call.status().id();
        } else {
            // blocked: the error holds the guardrail's reason (decision 0143)
            text = call.status().id() + ": " + oneLine(call.error());
        }
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /**
     * The one word for a call's state, as the run table counts it: {@code ok}, {@code error}, {@code cancelled}, or
     * for an answered call that is no answer {@code cut-off} / {@code no-answer} ({@link NonAnswer#state()}).
     */
    public static String state(CallRecord call) {
        return NonAnswer.of(call).map(NonAnswer::state).orElse(call.status().id());
    }

    /** {@code s} on one line: line breaks and the blanks around them become one space. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** How the call did not answer ({@link NonAnswer#describe()}), or null when it answered or failed. */
    public static String nonAnswer(CallRecord call) {
        return NonAnswer.of(call).map(NonAnswer::describe).orElse(null);
    }

    /** A JSON text as values (maps, lists), or the text itself when it is not valid JSON; null for null. */
    public static Object json(String text) {
        if (text == null) return null;
        String t = text.strip();
        try {
            if (t.startsWith("{")) return JsonText.parseObject(t, "recorded JSON");
            if (t.startsWith("[")) return JsonText.parseArray(t, "recorded JSON");
        } catch (StudioException e) {
            return text;
        }
        return text;
    }

    /**
     * The whole record of {@code c} (with its texts, as {@link Calls#find} reads it) as {@code studio calls show}
     * prints it: a head of fields (times in {@code zone}), a {@code redacted  yes|no} line saying whether its texts
     * went through the PII redactor before they were stored ({@code redacted}: the call's stored flag, V16, as
     * {@link Calls#redacted} reads it), then the parameters, every message sent, the examples, the output and the
     * extracted answer, each under a {@code ── title ──} line. Lines end with {@code \n}.
     */
    public static String record(CallRecord c, ZoneId zone, boolean redacted) {
        StringBuilder out = new StringBuilder();
        line(out, "call " + c.id() + " · " + time(c.createdAt(), zone)
                + (c.runId() == null ? "" : " · run " + c.runId()) + " · " + state(c));
        line(out, "template  " + (c.promptPath() == null ? "-" : c.promptPath()) + " @ "
                + (c.promptCommit() == null ? "(not committed)" : c.promptCommit())
                + (c.variant() == null ? "" : " (variant " + c.variant() + ")"));
        line(out, "model     " + model(c));
        line(out, "result    " + (c.finishReason() == null ? "" : "finish " + c.finishReason() + " · ")
                + "tokens " + tokens(c) + " · cost " + (c.usageNote() != null
                ? "unknown (implausible usage) · latency " + latency(c.latencyMs())
                : c.cached() ? cost(c.spent()) + " (answered from the cache; "
                + cost(c.cost()) + " and " + latency(c.latencyMs()) + " when recorded)"
                : cost(c.cost()) + " · latency " + latency(c.latencyMs())));
        if (c.caseId() != null || c.sampleIndex() > 0 || c.cacheKey() != null) {
            line(out, "case      " + (c.caseId() == null ? "-" : c.caseId()) + " · sample " + c.sampleIndex()
                    + (c.cacheKey() == null ? "" : " · cache key " + c.cacheKey())
                    + (c.cached() ? " (answered from the cache)" : ""));
        }
        if (c.usageNote() != null) line(out, "usage     implausible: " + c.usageNote());
        if (c.retrievalNote() != null) line(out, "note      " + c.retrievalNote());
        line(out, "redacted  " + (redacted ? "yes · personal data was redacted before it was stored"
                + " (privacy.redactBeforeStore)" : "no"));
        if (c.error() != null) line(out, (c.status() == CallStatus.BLOCKED ? "blocked   " : "error     ") + c.error());
        for (org.promptstudio.model.GuardFinding f : c.guard()) line(out, "guard     " + guard(f));
        String nonAnswer = nonAnswer(c);
        if (nonAnswer != null) line(out, "answer    not an answer: " + nonAnswer);
        if (c.paramsJson() != null) section(out, "parameters", prettyJson(c.paramsJson()));
        CallTexts t = c.texts();
        if (t == null) {
            line(out, "");
            line(out, "(no prompt or output was recorded for this call)");
            return out.toString();
        }
        messages(out, t.messagesJson());
        if (t.examplesJson() != null) section(out, "examples used", prettyJson(t.examplesJson()));
        if (!c.context().isEmpty()) section(out, "context (chunks retrieved for this call)", context(c));
        section(out, "output", t.output() == null ? "(none)" : t.output());
        if (t.extractedAnswer() != null) section(out, "extracted answer", t.extractedAnswer());
        return out.toString();
    }

    /**
     * The checks that found something on {@code call}, each once in the order found: {@code pii, blocklist}; {@code -}
     * when none did. The call browser's guard column.
     */
    public static String guardChecks(CallRecord call) {
        List<String> ids = call.guard().stream().map(f -> f.check().id()).distinct().toList();
        return ids.isEmpty() ? "-" : String.join(", ", ids);
    }

    /** One guardrail finding for people: {@code block · pii in input (EMAIL 1)}. */
    public static String guard(org.promptstudio.model.GuardFinding f) {
        return f.action().id() + " · " + f.describe();
    }

    private static void messages(StringBuilder out, String json) {
        List<Message> messages;
        try {
            messages = JsonText.messages(json, "recorded messages");
        } catch (StudioException | ClassCastException | IllegalArgumentException e) {
            section(out, "prompt (as recorded)", json);
            return;
        }
        for (Message m : messages) {
            StringBuilder sb = new StringBuilder();
            for (Part p : m.content()) {
                boolean tool = p instanceof Part.ToolRequest || p instanceof Part.ToolResponse;
                // a tool call or result starts on its own line, so each of several stands apart
                if (tool && sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
                sb.append(part(p));
                if (tool) sb.append('\n');
            }
            section(out, m.role() + (m.metadata().isEmpty() ? "" : " " + m.metadata()), sb.toString());
        }
    }

    /**
     * One part of a recorded message as text: a text as it is; {@code [media URL TYPE]}; {@code [section PURPOSE]};
     * a model's tool call as {@code tool call weather({"city":"Oslo"})} with {@code  · id call_1} when the provider
     * gave an id; a tool's result as {@code tool result of weather: } and its value as two-space JSON (a string as it
     * is).
     */
    public static String part(Part p) {
        if (p instanceof Part.Text text) return text.text();
        if (p instanceof Part.Media media) {
            return "[media " + media.url() + (media.contentType() == null ? "" : " " + media.contentType()) + "]";
        }
        if (p instanceof Part.Pending pending) return "[section " + pending.metadata().get("purpose") + "]";
        if (p instanceof Part.ToolRequest call) return "tool call " + ToolCalls.describe(call) + providerId(call.ref(), call.name());
        if (p instanceof Part.ToolResponse result) {
            Object output = result.output();
            String value = output instanceof String s ? s : JsonText.pretty(output);
            return "tool result of " + result.name() + providerId(result.ref(), result.name()) + ": " + value;
        }
        return String.valueOf(p);
    }

    /** {@code " · id call_1"}; nothing for the {@code name#n} refs made up for providers that give no id. */
    private static String providerId(String ref, String name) {
        return ref.equals(name) || ref.startsWith(name + "#") ? "" : " · id " + ref;
    }

    /**
     * The chunks {@code call} was given by retrieval, one a line: the number the prompt showed, the chunk's id, its
     * retrieval score, and its text on one line, cut to 160 characters; empty when it was given none.
     */
    public static String context(CallRecord call) {
        StringBuilder out = new StringBuilder();
        for (org.promptstudio.model.ContextChunk chunk : call.context()) {
            String text = oneLine(chunk.text());
            out.append('[').append(chunk.n()).append("] ").append(chunk.id()).append(" \u00b7 score ")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", chunk.score())).append('\n')
                    .append("    ").append(text.length() > 160 ? text.substring(0, 159) + "\u2026" : text).append('\n');
        }
        return out.toString();
    }

    private static String prettyJson(String text) {
        Object value = json(text);
        return value instanceof String s ? s : JsonText.pretty(value);
    }

    private static void section(StringBuilder out, String title, String body) {
        line(out, "");
        line(out, "── " + title + " ──");
        out.append(body);
        if (!body.endsWith("\n")) out.append('\n');
    }

    private static void line(StringBuilder out, String s) {
        out.append(s).append('\n');
    }

    private static String orDash(Long n) {
        return n == null ? "-" : n.toString();
    }
}
