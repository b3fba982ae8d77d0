package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.Previews;
import org.promptstudio.app.Studio;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code studio render PROMPT}: shows exactly what a model would receive. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a prompt and print the messages a model would receive.",
        footer = {"", "Examples:",
            "  studio render answer --input '{\"question\": \"Where is my parcel?\"}'",
            "  studio render answer.formal --input @case.json --format text",
            "  studio render classify-ticket --example"})
final class RenderCommand implements Callable<Integer> {

    enum Format { json, text }

    @ParentCommand
    StudioCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT",
            description = "Prompt id (answer, answer.formal) or file (prompts/answer.prompt).")
    String prompt;

    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "Input variables as a JSON object, or @file.json.")
    String input;

    @Option(names = "--context", paramLabel = "JSON|@FILE",
            description = "Context data as a JSON object; each key is reachable as @key (e.g. @state).")
    String context;

    @Option(names = "--messages", paramLabel = "JSON|@FILE",
            description = "Conversation history as a JSON array of messages, for {{history}}.")
    String messages;

    @Option(names = "--example", description = "Fill input fields that are not given with example values.")
    boolean example;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        studio.previews().requireSaved(prompt);
        Map<String, Object> given = input == null ? Map.of()
                : JsonText.parseObject(read(input, "--input"), where(input, "--input"));
        Map<String, Object> ctx = context == null ? Map.of()
                : JsonText.parseObject(read(context, "--context"), where(context, "--context"));
        List<Message> history = messages == null ? List.of()
                : JsonText.messages(read(messages, "--messages"), where(messages, "--messages"));
        Previews.Rendered rendered = studio.previews().renderSaved(prompt, given, ctx, history, example);
        PrintWriter err = spec.commandLine().getErr();
        rendered.warnings().forEach(err::println);
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonText.pretty(rendered.prompt()));
        } else {
            printText(out, rendered);
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, Previews.Rendered rendered) {
        boolean first = true;
        for (Message m : rendered.prompt().messages()) {
            if (!first) out.println();
            first = false;
            out.println("── " + m.role() + (m.metadata().isEmpty() ? "" : " " + m.metadata()) + " ──");
            StringBuilder sb = new StringBuilder();
            for (Part p : m.content()) {
                if (p instanceof Part.Text t) sb.append(t.text());
                else if (p instanceof Part.Media media) sb.append("[media ").append(media.url())
                        .append(media.contentType() == null ? "" : " " + media.contentType()).append("]");
                else if (p instanceof Part.Pending pending) sb.append("[section ").append(pending.metadata().get("purpose")).append("]");
            }
            String text = sb.toString();
            out.print(text);
            if (!text.endsWith("\n")) out.println();
        }
        if (!rendered.config().isEmpty()) {
            out.println();
            out.println("── config ──");
            out.println(JsonText.pretty(rendered.config()));
        }
    }

    private static String where(String value, String option) {
        return value.startsWith("@") ? value.substring(1) : option;
    }

    /** The value itself, or the content of the file after '@'. */
    static String read(String value, String option) {
        if (!value.startsWith("@")) return value;
        return org.promptstudio.model.TextFile.readGiven(Path.of(value.substring(1)), option, false);
    }
}
