package org.promptstudio.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.NonAnswer;
import org.promptstudio.model.StudioException;
import org.promptstudio.app.JsonText;

/** How the command line shows a recorded call's fields. */
final class CallFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String PROMPTS = "prompts/";
    private static final String SUFFIX = ".prompt";

    private CallFormat() {
    }

    /** The time in this computer's zone, to the second. */
    static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }

    /** A prompt as the user names it: {@code prompts/answer.formal.prompt} is {@code answer.formal}. */
    static String promptId(String path) {
        if (path == null) return "-";
        if (path.startsWith(PROMPTS) && path.endsWith(SUFFIX) && path.length() > PROMPTS.length() + SUFFIX.length()) {
            return path.substring(PROMPTS.length(), path.length() - SUFFIX.length());
        }
        return path;
    }

    /** The recorded path of a prompt the user named by id ({@code answer}) or file ({@code prompts/answer.prompt}). */
    static String promptPath(String given) {
        String p = given.strip().replace('\\', '/');
        if (p.startsWith("./")) p = p.substring(2);
        if (!p.endsWith(SUFFIX)) return PROMPTS + p + SUFFIX;
        return p.contains("/") ? p : PROMPTS + p;
    }

    /** {@code answer@1a2b3c4}: the prompt and the short commit of its version ({@code -} when not committed). */
    static String version(CallRecord call) {
        String commit = call.promptCommit();
        return promptId(call.promptPath()) + "@" + (commit == null ? "-" : commit.substring(0, Math.min(7, commit.length())));
    }

    static String model(CallRecord call) {
        return call.provider() + "/" + call.model();
    }

    /** {@code 10/982}, or {@code 10/982 (980 thinking)} when some of the output tokens were the model's reasoning. */
    static String tokens(CallRecord call) {
        if (call.tokensIn() == null && call.tokensOut() == null) return "-";
        return orDash(call.tokensIn()) + "/" + orDash(call.tokensOut()) + thinking(call);
    }

    /** {@code " (980 thinking)"} when the call had reasoning tokens (they are among its output tokens), else empty. */
    static String thinking(CallRecord call) {
        Integer r = call.reasoningTokens();
        return r == null || r == 0 ? "" : " (" + r + " thinking)";
    }

    /** Dollars to at most six decimals: {@code $0.000345}. */
    static String cost(BigDecimal cost) {
        return org.promptstudio.model.Usd.text(cost);
    }

    static String latency(Long ms) {
        return ms == null ? "-" : ms + " ms";
    }

    /**
     * {@code ok}; for a call that did not give a full answer what it was ({@code refused}, {@code filtered (SAFETY)},
     * {@code cut off (max 256 tokens)}, {@code empty}: {@link NonAnswer#brief()}, decision 0039); or {@code error: }
     * and the error; cut to {@code width} characters.
     */
    static String status(CallRecord call, int width) {
        String text;
        java.util.Optional<NonAnswer> nonAnswer = NonAnswer.of(call);
        if (nonAnswer.isPresent()) {
            text = nonAnswer.get().brief();
        } else if (call.status() != CallStatus.ERROR || call.error() == null) {
            return call.status().id();
        } else {
            text = "error: " + StudioCommand.oneLine(call.error());
        }
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /** How the call did not answer ({@link NonAnswer#describe()}), or null when it answered or failed. */
    static String nonAnswer(CallRecord call) {
        return NonAnswer.of(call).map(NonAnswer::describe).orElse(null);
    }

    /** The call's fields (not its texts) as JSON values; the parameters are parsed when they are valid JSON. */
    static Map<String, Object> fields(CallRecord call) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", call.id());
        m.put("createdAt", call.createdAt().toString());
        m.put("runId", call.runId());
        m.put("prompt", call.promptPath());
        m.put("commit", call.promptCommit());
        m.put("variant", call.variant());
        m.put("provider", call.provider());
        m.put("model", call.model());
        m.put("params", json(call.paramsJson()));
        m.put("status", call.status().id());
        m.put("finishReason", call.finishReason());
        m.put("nonAnswer", nonAnswer(call));
        m.put("tokensIn", call.tokensIn());
        m.put("tokensOut", call.tokensOut());
        m.put("reasoningTokens", call.reasoningTokens());
        m.put("cost", call.cost());
        m.put("latencyMs", call.latencyMs());
        m.put("error", call.error());
        m.put("cacheKey", call.cacheKey());
        m.put("sampleIndex", call.sampleIndex());
        m.put("caseId", call.caseId());
        m.put("planIndex", call.planIndex());
        m.put("cached", call.cached());
        return m;
    }

    /** A JSON text as values, or the text itself when it is not valid JSON. */
    static Object json(String text) {
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

    private static String orDash(Integer n) {
        return n == null ? "-" : n.toString();
    }

    /**
     * Prints {@code rows} (the first is the header) as columns two spaces apart, each as wide as its widest cell:
     * numbers aligned right where {@code right[i]}, text left; the last column is not padded.
     */
    static void table(PrintWriter out, List<String[]> rows, boolean[] right) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) line.append("  ");
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                if (i == row.length - 1) line.append(cell);
                else line.append(right[i] ? pad + cell : cell + pad);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
