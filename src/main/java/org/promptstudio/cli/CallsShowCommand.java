package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code studio calls show ID}: one recorded call, with exactly what was sent and what came back. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one recorded call: its template version, the full rendered prompt, parameters and output.")
final class CallsShowCommand implements Callable<Integer> {

    enum Format { text, json }

    @ParentCommand
    CallsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The call's id, as 'studio calls' lists it.")
    long id;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        CallRecord call;
        try (Studio studio = Studio.open(parent.root.workspace())) {
            call = studio.calls().find(id).orElseThrow(() -> new StudioException("call " + id + ": no such call"));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Map<String, Object> m = new LinkedHashMap<>(CallFormat.fields(call));
            CallTexts t = call.texts();
            m.put("messages", t == null ? null : CallFormat.json(t.messagesJson()));
            m.put("output", t == null ? null : t.output());
            m.put("extractedAnswer", t == null ? null : t.extractedAnswer());
            m.put("examples", t == null ? null : CallFormat.json(t.examplesJson()));
            out.println(JsonText.pretty(m));
        } else {
            printText(out, call, ZoneId.systemDefault());
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, CallRecord c, ZoneId zone) {
        out.println("call " + c.id() + " · " + CallFormat.time(c.createdAt(), zone)
                + (c.runId() == null ? "" : " · run " + c.runId()) + " · " + c.status().id());
        out.println("template  " + (c.promptPath() == null ? "-" : c.promptPath()) + " @ "
                + (c.promptCommit() == null ? "(not committed)" : c.promptCommit())
                + (c.variant() == null ? "" : " (variant " + c.variant() + ")"));
        out.println("model     " + CallFormat.model(c));
        out.println("result    " + (c.finishReason() == null ? "" : "finish " + c.finishReason() + " · ")
                + "tokens " + CallFormat.tokens(c) + " · cost " + CallFormat.cost(c.cost())
                + " · latency " + CallFormat.latency(c.latencyMs()));
        if (c.caseId() != null || c.sampleIndex() > 0 || c.cacheKey() != null) {
            out.println("case      " + (c.caseId() == null ? "-" : c.caseId()) + " · sample " + c.sampleIndex()
                    + (c.cacheKey() == null ? "" : " · cache key " + c.cacheKey())
                    + (c.cached() ? " (answered from the cache)" : ""));
        }
        if (c.error() != null) out.println("error     " + c.error());
        String nonAnswer = CallFormat.nonAnswer(c);
        if (nonAnswer != null) out.println("answer    not an answer: " + nonAnswer);
        if (c.paramsJson() != null) section(out, "parameters", prettyJson(c.paramsJson()));
        CallTexts t = c.texts();
        if (t == null) {
            out.println();
            out.println("(no prompt or output was recorded for this call)");
            return;
        }
        printMessages(out, t.messagesJson());
        if (t.examplesJson() != null) section(out, "examples used", prettyJson(t.examplesJson()));
        section(out, "output", t.output() == null ? "(none)" : t.output());
        if (t.extractedAnswer() != null) section(out, "extracted answer", t.extractedAnswer());
    }

    private static void printMessages(PrintWriter out, String json) {
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
                if (p instanceof Part.Text text) sb.append(text.text());
                else if (p instanceof Part.Media media) sb.append("[media ").append(media.url())
                        .append(media.contentType() == null ? "" : " " + media.contentType()).append("]");
                else if (p instanceof Part.Pending pending) sb.append("[section ")
                        .append(pending.metadata().get("purpose")).append("]");
            }
            section(out, m.role() + (m.metadata().isEmpty() ? "" : " " + m.metadata()), sb.toString());
        }
    }

    private static String prettyJson(String text) {
        Object value = CallFormat.json(text);
        return value instanceof String s ? s : JsonText.pretty(value);
    }

    private static void section(PrintWriter out, String title, String body) {
        out.println();
        out.println("── " + title + " ──");
        out.print(body);
        if (!body.endsWith("\n")) out.println();
    }
}
