package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.promptstudio.app.ModelCatalog;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.OllamaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio models}: the workspace's models and whether each can be called now; never a key. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models of the workspace: provider, model, base URL, prices, and whether each "
                + "can be called as far as the studio can tell without a call: 'key set' or 'no key needed' (the "
                + "server is not asked: only a call asks it, and calls cost money), 'server answers, model pulled' "
                + "for Ollama (asked briefly), 'ready' for what needs nothing outside the studio, else 'not ready: "
                + "why'. The built-in offline models (echo, "
                + "extractive) are always there, marked built-in; a studio.yaml entry with the same id replaces one.",
            "With --ollama, list the models a local Ollama server has pulled instead."})
final class ModelsCommand implements Callable<Integer> {

    static final String OLLAMA_DEFAULT = "http://localhost:11434";

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--ollama", arity = "0..1", paramLabel = "URL", fallbackValue = OLLAMA_DEFAULT,
            description = "List the models of the Ollama server at URL (default: " + OLLAMA_DEFAULT + ").")
    String ollama;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (ollama != null) {
            printOllama(out, ModelCatalog.ollamaModels(ollama));
            return 0;
        }
        List<ModelCatalog.ModelStatus> statuses = Studio.open(root.workspace()).models().statuses();
        if (statuses.isEmpty()) {
            out.println("no models (add them under 'models' in studio.yaml)");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PROVIDER", "MODEL", "BASE URL", "PRICE IN/OUT PER 1M", "STATUS"});
        for (ModelCatalog.ModelStatus s : statuses) {
            ModelRef m = s.model();
            rows.add(new String[] {m.id(), m.provider(), orDash(m.model()),
                s.shownBaseUrl() == null ? "default" : s.shownBaseUrl(), prices(m),
                (s.readiness().isReady() ? s.readiness().reason() : "not ready: " + StudioCommand.oneLine(s.readiness().reason()))
                        + (s.builtIn() ? " (built-in, offline)" : "")});
        }
        print(out, rows);
        return 0;
    }

    private static void printOllama(PrintWriter out, List<OllamaCatalog.LocalModel> models) {
        if (models.isEmpty()) {
            out.println("no models pulled (ollama pull NAME)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "SIZE", "PARAMS", "QUANT", "FAMILY", "MODIFIED"});
        for (OllamaCatalog.LocalModel m : models) {
            rows.add(new String[] {m.name(), size(m.sizeBytes()), orDash(m.parameterSize()), orDash(m.quantization()),
                orDash(m.family()), m.modifiedAt() == null ? "-" : m.modifiedAt().atZone(ZoneOffset.UTC).toLocalDate().toString()});
        }
        print(out, rows);
    }

    private static String prices(ModelRef m) {
        if (m.inputPricePerMillion() == null && m.outputPricePerMillion() == null) return "-";
        return price(m.inputPricePerMillion()) + " / " + price(m.outputPricePerMillion());
    }

    private static String price(Double p) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.2f", p);
    }

    private static String size(long bytes) {
        if (bytes < 0) return "-";
        if (bytes < 1_000_000_000L) return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Columns as wide as their widest cell; the last one is not padded. */
    private static void print(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], row[i].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) line.append("  ");
                line.append(i == columns - 1 ? row[i] : String.format("%-" + width[i] + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
