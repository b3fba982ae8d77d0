package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.JsonValues;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.prompty.PromptyConversion;
import org.promptstudio.template.prompty.PromptyImporter;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.workspace.AtomicWrite;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings prompts written for other tools into the workspace: converts a Prompty file, writes the prompt to
 * {@code prompts/} and its sample to {@code datasets/NAME.jsonl}. Nothing is written when the conversion has problems
 * (unless forced) or fails its check, and an existing prompt is only replaced when forced.
 */
public final class PromptImport {

    private static final Logger LOG = LoggerFactory.getLogger(PromptImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROMPT_FILE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)?\\.prompt");

    /**
     * What an import did.
     *
     * @param prompt     the prompt file, relative to the workspace ({@code prompts/support.prompt})
     * @param written    false when problems stopped it and nothing was written
     * @param dataset    the dataset file that holds the sample, relative to the workspace, or null without a sample
     * @param rowAdded   whether the sample row was appended (false when the same row was there already)
     * @param notes      remarks for the user, each {@code file:line: message}
     * @param problems   spots that could not be converted, each {@code file:line: message}; when written, each is a
     *                   {@code TODO prompty} comment in the prompt
     */
    public record Result(String prompt, boolean written, String dataset, boolean rowAdded, List<String> notes,
                         List<String> problems) {
    }

    private final Workspace workspace;
    private final PromptyImporter prompty;

    public PromptImport(Workspace workspace, PromptyImporter prompty) {
        this.workspace = workspace;
        this.prompty = prompty;
    }

    /**
     * Imports the Prompty file {@code file}.
     *
     * @param target where to write it, {@code prompts/NAME.prompt} (or just {@code NAME}); null for the name of the
     *               file made a prompt name
     * @param force  write even when spots could not be converted (as TODO comments), and replace an existing prompt
     */
    public Result prompty(Path file, String target, boolean force) {
        String display = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Path out = target(target, display);
        String outName = workspace.relative(out);
        if (Files.exists(out) && !force) {
            throw new StudioException(outName + " already exists; use --force to replace it");
        }
        String source = org.promptstudio.model.TextFile.readGiven(file, "import prompty", false);
        Path dir = file.toAbsolutePath().getParent();
        PromptyConversion conversion = prompty.convert(source, display, dir);
        List<String> notes = conversion.notes().stream().map(Object::toString).toList();
        List<String> problems = conversion.problems().stream().map(Object::toString).toList();
        if (!problems.isEmpty() && !force) {
            return new Result(outName, false, null, false, notes, problems);
        }
        writeAtomically(out, conversion.promptSource());
        String datasetName = null;
        boolean added = false;
        if (conversion.datasetRow() != null) {
            String stem = out.getFileName().toString();
            Path dataset = workspace.datasetsDir().resolve(stem.substring(0, stem.length() - PromptLibrary.EXTENSION.length())
                    + ".jsonl");
            datasetName = workspace.relative(dataset);
            added = appendRow(dataset, datasetName, conversion.datasetRow());
        }
        LOG.info("imported {} to {} ({} notes, {} problems)", file, outName, notes.size(), problems.size());
        return new Result(outName, true, datasetName, added, notes, problems);
    }

    private Path target(String target, String sourceName) {
        if (target == null || target.isBlank()) {
            return workspace.promptsDir().resolve(PromptyImporter.promptNameFor(sourceName) + PromptLibrary.EXTENSION);
        }
        String t = target.strip().replace('\\', '/');
        if (!t.endsWith(PromptLibrary.EXTENSION)) t = t + PromptLibrary.EXTENSION;
        Path path = t.contains("/") ? workspace.root().resolve(t) : workspace.promptsDir().resolve(t);
        path = path.toAbsolutePath().normalize();
        if (!workspace.promptsDir().equals(path.getParent()) || !PROMPT_FILE.matcher(path.getFileName().toString()).matches()) {
            throw new StudioException("cannot import to '" + target + "': expected prompts/NAME.prompt, NAME made of"
                    + " letters, digits, '-' and '_'");
        }
        return path;
    }

    private void writeAtomically(Path file, String text) {
        requireWritable(file);
        AtomicWrite.write(file, text, workspace.relative(file));
    }

    /** Refuses, before anything is written, a file in a folder that cannot be written (decision 0043). */
    private void requireWritable(Path file) {
        String problem = org.promptstudio.model.WriteAccess.problem(file, "write " + workspace.relative(file));
        if (problem != null) throw new StudioException(problem);
    }

    /** Appends {@code row} as one JSON line, unless the file holds the same row already. */
    private boolean appendRow(Path dataset, String name, Map<String, Object> row) {
        // Here until the workspace package has a dataset service: that one should own the JSONL format.
        try {
            requireWritable(dataset);
            Object normal = JsonValues.normalize(row);
            String line = JSON.writeValueAsString(normal);
            Files.createDirectories(dataset.getParent());
            String existing = Files.exists(dataset) ? org.promptstudio.model.TextFile.read(dataset, name) : "";
            for (String l : existing.split("\n")) {
                if (l.isBlank()) continue;
                try {
                    if (JsonValues.normalize(JSON.readValue(l, Object.class)).equals(normal)) return false;
                } catch (JsonProcessingException e) {
                    // a line we cannot read is not the same row
                }
            }
            String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            // The whole file is written again (old rows + the new one): a full disk never leaves half a row.
            AtomicWrite.write(dataset, org.promptstudio.model.TextFile.keepingBom(dataset,
                    existing + prefix + line + "\n"), name);
            return true;
        } catch (IOException e) {
            throw new WorkspaceException(name + ": cannot add the sample row: " + AtomicFile.reason(e), e);
        }
    }
}
