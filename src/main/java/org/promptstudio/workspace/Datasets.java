package org.promptstudio.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The datasets of a workspace: every {@code datasets/*.jsonl} and {@code datasets/*.csv}, loaded as test cases.
 * A dataset is named by its file name without the extension; reading never stops at a bad row, it reports it.
 */
public final class Datasets {

    private final Workspace workspace;

    public Datasets(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The dataset files, sorted by file name; other files in the folder are ignored. */
    public List<Path> files() {
        Path dir = workspace.datasetsDir();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> format(p) != null).sorted().toList();
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(dir) + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Every dataset with its cases and problems. Two files with the same name: the second is reported, not read. */
    public List<Dataset> loadAll() {
        List<Dataset> out = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files()) {
            Path other = seen.putIfAbsent(name(file), file);
            if (other != null) {
                out.add(new Dataset(name(file), file, List.of(), List.of(sameName(file, other))));
            } else {
                out.add(load(file));
            }
        }
        return out;
    }

    /**
     * The problem of {@code file} when an earlier file, {@code other}, has the same dataset name (x.jsonl and x.csv):
     * the second is reported, not read.
     */
    public DatasetProblem sameName(Path file, Path other) {
        return new DatasetProblem(workspace.relative(file), 0, "another dataset is named '" + name(file) + "' ("
                + workspace.relative(other) + "); rename one; not read");
    }

    /** The dataset name of {@code file}: its name without the extension. */
    public static String nameOf(Path file) {
        return name(file);
    }

    /** The dataset called {@code name}, if there is a file for it. */
    public Optional<Dataset> find(String name) {
        return files().stream().filter(f -> name(f).equals(name)).findFirst().map(this::load).map(d -> {
            // A file left mid-merge holds both sides' rows: refused, not run with half of them twice.
            d.problems().stream().filter(p -> p.reason().startsWith(CONFLICT)).findFirst().ifPresent(p -> {
                throw new WorkspaceException(p.toString());
            });
            return d;
        });
    }

    private static final String CONFLICT = "unresolved git merge conflict";

    /** Loads one dataset file. */
    public Dataset load(Path file) {
        String shown = workspace.relative(file);
        String name = name(file);
        List<DatasetProblem> problems = new ArrayList<>();
        List<TestCase> cases = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(new DatasetProblem(shown, 0, "cannot read: " + e.getMessage()));
            return new Dataset(name, file, cases, problems);
        }
        List<String> lines = DatasetText.lines(bytes, shown, problems);
        java.util.Optional<org.promptstudio.model.ConflictMarkers.Marker> conflict =
                org.promptstudio.model.ConflictMarkers.find(String.join("\n", lines));
        if (conflict.isPresent()) {
            problems.add(new DatasetProblem(shown, conflict.get().line(), conflict.get().reason() + "; not read"));
            return new Dataset(name, file, cases, problems);
        }
        Character separator = null;
        List<Row> rows;
        if ("csv".equals(format(file))) {
            String text = String.join("\n", lines);
            CsvDelimiter.Guess guess = CsvDelimiter.guess(text);
            if (guess.problem() != null) {
                problems.add(new DatasetProblem(shown, 1, guess.problem()));
                return new Dataset(name, file, cases, problems);
            }
            separator = guess.separator();
            rows = CsvRows.rows(text, separator, shown, problems);
        } else {
            rows = JsonlRows.rows(lines, shown, problems);
        }
        TestCaseMapper mapper = new TestCaseMapper(name, shown);
        rows.forEach(row -> mapper.map(row, problems).ifPresent(cases::add));
        problems.sort(Comparator.comparingInt(DatasetProblem::line));
        return new Dataset(name, file, cases, problems, separator);
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Appends {@code row} as one JSON line to dataset {@code name}: its {@code .jsonl} file, made when the dataset
     * does not exist yet. The whole file is written again (old rows, then the new one), so a full disk never leaves
     * half a row.
     *
     * @param row the row's fields in order ({@code id}, the input variables, {@code expected}, ...), JSON values
     * @return the new row's place, {@code datasets/NAME.jsonl:LINE}
     * @throws WorkspaceException one line, for a name that is not letters, digits, '-' and '_', a CSV dataset of that
     *                            name (only JSONL holds nested values), or a file that cannot be written
     */
    public String appendRow(String name, Map<String, Object> row) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw new WorkspaceException("dataset name '" + n + "': use letters, digits, '-' and '_'");
        }
        Optional<Path> existing = files().stream().filter(f -> name(f).equals(n)).findFirst();
        if (existing.isPresent() && !"jsonl".equals(format(existing.get()))) {
            throw new WorkspaceException(workspace.relative(existing.get()) + ": a CSV dataset cannot hold a"
                    + " conversation; choose a JSONL dataset or a new name");
        }
        Path file = existing.orElse(workspace.datasetsDir().resolve(n + ".jsonl"));
        String shown = workspace.relative(file);
        String problem = org.promptstudio.model.WriteAccess.problem(file, "write " + shown);
        if (problem != null) throw new WorkspaceException(problem);
        try {
            String line = JSON.writeValueAsString(row);
            Files.createDirectories(file.getParent());
            // a binary or non-UTF-8 file is refused whole, before anything is written
            String text = Files.exists(file) ? org.promptstudio.model.TextFile.read(file, shown) : "";
            String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            String all = text + prefix + line + "\n";
            AtomicWrite.write(file, org.promptstudio.model.TextFile.keepingBom(file, all), shown);
            return shown + ":" + all.chars().filter(c -> c == '\n').count();
        } catch (IOException e) {
            throw new WorkspaceException(shown + ": cannot add the row: " + org.promptstudio.model.AtomicFile.reason(e), e);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            throw new WorkspaceException(e.getMessage() + "; the row is not added", e);
        }
    }

    static String name(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    private static String format(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl")) return "jsonl";
        if (n.endsWith(".csv")) return "csv";
        return null;
    }
}
