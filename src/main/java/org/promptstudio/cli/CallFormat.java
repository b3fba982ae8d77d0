package org.promptstudio.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.CallRecord;
import org.promptstudio.app.CallText;

/** How the command line shows a recorded call's fields. */
final class CallFormat {

    private CallFormat() {
    }

    // The figures are made in app.CallText, which the window's call browser shows too.

    static String time(Instant t, ZoneId zone) {
        return CallText.time(t, zone);
    }

    static String promptId(String path) {
        return CallText.promptId(path);
    }

    static String promptPath(String given) {
        return CallText.promptPath(given);
    }

    static String version(CallRecord call) {
        return CallText.version(call);
    }

    static String model(CallRecord call) {
        return CallText.model(call);
    }

    static String tokens(CallRecord call) {
        return CallText.tokens(call);
    }

    static String thinking(CallRecord call) {
        return CallText.thinking(call);
    }

    static String cost(CallRecord call, BigDecimal spent) {
        return CallText.cost(call, spent);
    }

    static String cost(BigDecimal cost) {
        return CallText.cost(cost);
    }

    static String latency(Long ms) {
        return CallText.latency(ms);
    }

    static String status(CallRecord call, int width) {
        return CallText.status(call, width);
    }

    static String nonAnswer(CallRecord call) {
        return CallText.nonAnswer(call);
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
        m.put("spent", call.spent()); // 0 for an answer from the cache: what this call cost when it was made
        m.put("latencyMs", call.latencyMs());
        m.put("error", call.error());
        m.put("cacheKey", call.cacheKey());
        m.put("sampleIndex", call.sampleIndex());
        m.put("caseId", call.caseId());
        m.put("planIndex", call.planIndex());
        m.put("cached", call.cached());
        return m;
    }

    static Object json(String text) {
        return CallText.json(text);
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
