package org.promptstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.JsonValues;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.RenderedPromptJson;
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
        PromptLibrary library = studio.prompts();
        PromptRef ref = library.require(prompt);
        ParsedPrompt parsed = library.parse(ref);
        Map<String, Object> given = input == null ? Map.of() : JsonValues.parseObject(read(input, "--input"), where(input, "--input"));
        Map<String, Object> values = new LinkedHashMap<>();
        if (example) {
            values.putAll(ExampleInput.forPrompt(library.renderer().resolveMetadata(parsed, Map.of())));
        }
        values.putAll(given);
        Map<String, Object> ctx = context == null ? Map.of()
                : JsonValues.parseObject(read(context, "--context"), where(context, "--context"));
        List<Message> history = messages == null ? List.of()
                : RenderedPromptJson.fromMaps(JsonValues.parseArray(read(messages, "--messages"), where(messages, "--messages")));
        RenderedPrompt rendered = library.render(parsed, new RenderData(values, ctx, history, List.of()), Map.of());
        PrintWriter err = spec.commandLine().getErr();
        rendered.warnings().forEach(err::println);
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonValues.toPrettyJson(RenderedPromptJson.toMap(rendered)));
        } else {
            printText(out, rendered);
        }
        out.flush();
        return 0;
    }

    private static void printText(PrintWriter out, RenderedPrompt rendered) {
        boolean first = true;
        for (Message m : rendered.messages()) {
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
        if (!rendered.metadata().config().isEmpty()) {
            out.println();
            out.println("── config ──");
            out.println(JsonValues.toPrettyJson(rendered.metadata().config()));
        }
    }

    private static String where(String value, String option) {
        return value.startsWith("@") ? value.substring(1) : option;
    }

    /** The value itself, or the content of the file after '@'. */
    static String read(String value, String option) {
        if (!value.startsWith("@")) return value;
        Path file = Path.of(value.substring(1));
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new StudioException(option + ": " + file + ": no such file");
        } catch (IOException e) {
            throw new StudioException(option + ": " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
