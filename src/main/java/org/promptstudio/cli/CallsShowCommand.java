package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.CallText;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
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

    @Parameters(index = "0", paramLabel = "ID", converter = Numbers.Id.class, description = "The call's id, as 'studio calls' lists it.")
    long id;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        CallRecord call;
        boolean redacted;
        try (Studio studio = Studio.open(parent.root.workspace())) {
            call = studio.calls().find(id).orElseThrow(() -> new StudioException("call " + id + ": no such call"));
            redacted = studio.calls().redacted(id); // the flag stored with the call, not a guess from its text
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            Map<String, Object> m = new LinkedHashMap<>(CallFormat.fields(call));
            m.put("redacted", redacted);
            CallTexts t = call.texts();
            m.put("messages", t == null ? null : CallFormat.json(t.messagesJson()));
            m.put("output", t == null ? null : t.output());
            m.put("extractedAnswer", t == null ? null : t.extractedAnswer());
            m.put("examples", t == null ? null : CallFormat.json(t.examplesJson()));
            m.put("context", call.context().stream().map(org.promptstudio.model.ContextChunk::asMap).toList());
            m.put("guard", call.guard().stream().map(f -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("check", f.check().id());
                g.put("action", f.action().id());
                g.put("stage", f.stage().id());
                g.put("detail", f.detail());
                return g;
            }).toList());
            out.println(JsonText.pretty(m));
        } else {
            out.print(CallText.record(call, ZoneId.systemDefault(), redacted));
        }
        out.flush();
        return 0;
    }
}
