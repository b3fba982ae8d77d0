package org.promptstudio.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.workspace.AtomicWrite;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;

/**
 * The files of a workspace as the window's tree shows them (prompts with their variants and partials, then the plain
 * files of datasets, experiments and docs), read as text for display, and created, renamed, copied or deleted from
 * the tree. What a file means is the business of the service that owns its kind.
 */
public final class WorkspaceFiles {

    /** Larger files are not shown as text; a window would choke on them and nobody reads them that way. */
    public static final long MAX_TEXT_BYTES = 2L * 1024 * 1024;

    /** In a batch of {@link #watch}: the checked-out branch changed (a switch, a checkout). */
    public static final String GIT_HEAD = org.promptstudio.workspace.FileWatcher.GIT_HEAD;

    /**
     * One file under a listed folder.
     *
     * @param file        the absolute path
     * @param inFolder    the path below the listed folder, with forward slashes ({@code guides/setup.md})
     * @param inWorkspace the path as the user sees it, from the workspace root ({@code docs/guides/setup.md})
     */
    public record Entry(Path file, String inFolder, String inWorkspace) {
    }

    /** The folders the window creates files in, with the extension a new file gets. */
    public enum Folder {
        PROMPTS(PromptLibrary.EXTENSION), DATASETS(".jsonl"), EXPERIMENTS(".yaml");

        private final String extension;

        Folder(String extension) {
            this.extension = extension;
        }

        /** What a new file's name ends with ({@code .prompt}, {@code .jsonl}, {@code .yaml}). */
        public String extension() {
            return extension;
        }
    }

    /**
     * One entry of the workspace tree.
     *
     * @param kind     what it is, which decides its icon and what selecting it opens
     * @param label    what the tree shows
     * @param tag      a short mark after the label ({@code partial}, {@code variant}, a count), or empty
     * @param prompt   the prompt, for {@link Kind#PROMPT} and {@link Kind#VARIANT}; otherwise null
     * @param file     the file or folder on disk; null for a prompt name that has only variants
     * @param path     the path as the user sees it, from the workspace root ({@code docs/refunds.md}); the key of a
     *                 tab
     * @param children nested entries, in display order
     * @param problem  why the file cannot be used, in one line naming its place ({@code datasets/x.jsonl:3:9: ...},
     *                 {@code experiments/e.yaml:2:1: ...}, {@code prompts/p.prompt:4:3: ...}); empty when it reads
     */
    public record TreeEntry(Kind kind, String label, String tag, PromptRef prompt, Path file, String path,
                            List<TreeEntry> children, String problem) {

        /** The kinds of entries, in the order a group lists them (folders first, as file managers do). */
        public enum Kind { GROUP, PROMPT, VARIANT, PARTIAL, FOLDER, FILE }

        public TreeEntry {
            tag = tag == null ? "" : tag;
            children = List.copyOf(children);
            problem = problem == null ? "" : problem;
        }

        /** An entry that reads (no problem). */
        public TreeEntry(Kind kind, String label, String tag, PromptRef prompt, Path file, String path,
                         List<TreeEntry> children) {
            this(kind, label, tag, prompt, file, path, children, "");
        }
    }

    /**
     * The whole tree of a workspace, as listed at one moment.
     *
     * @param groups   Prompts, Datasets, Experiments, Docs (in this order)
     * @param prompts  how many prompts and variants the Prompts group holds
     * @param partials how many partials it holds
     */
    public record Tree(List<TreeEntry> groups, int prompts, int partials) {
        public Tree {
            groups = List.copyOf(groups);
        }
    }

    private final Workspace workspace;
    private final PromptLibrary prompts;

    /** The files of {@code workspace}, with its prompts read through {@code prompts}. */
    public WorkspaceFiles(Workspace workspace, PromptLibrary prompts) {
        this.workspace = workspace;
        this.prompts = prompts;
    }

    /** The files of {@code workspace}; its prompts are read from its prompts folder. */
    public WorkspaceFiles(Workspace workspace) {
        this(workspace, new PromptLibrary(workspace.promptsDir()));
    }

    /** Whether {@code folder} is a workspace (holds {@code studio.yaml}): what the window may open. */
    public static boolean isWorkspace(Path folder) {
        return folder != null && Files.isRegularFile(folder.resolve(Workspace.CONFIG_FILE));
    }

    /** The workspace folder (absolute). */
    public Path root() {
        return workspace.root();
    }

    /** {@code file} as the user sees it, from the workspace root with forward slashes ({@code docs/faq.md}). */
    public String relative(Path file) {
        return workspace.relative(file);
    }

    /** Whether {@code path} (from the workspace root) names an existing file or folder. */
    public boolean exists(String path) {
        return Files.exists(workspace.root().resolve(path));
    }

    /**
     * Lists the workspace for its tree: the prompts by name, each with its variants under it, then the partials;
     * then the files of datasets, experiments and docs, sub-folders first, each level sorted by name.
     *
     * @throws WorkspaceException when a folder cannot be listed (one line naming it)
     */
    public Tree tree() {
        List<PromptRef> refs = prompts.list();
        List<String> partials = prompts.partials();
        Path promptsDir = workspace.promptsDir();
        List<TreeEntry> groups = List.of(
                new TreeEntry(TreeEntry.Kind.GROUP, "Prompts", String.valueOf(refs.size()), null, promptsDir,
                        workspace.relative(promptsDir), promptEntries(refs, partials)),
                fileGroup("Datasets", workspace.datasetsDir(), datasetProblems()),
                fileGroup("Experiments", workspace.experimentsDir(), experimentProblems()),
                fileGroup("Docs", workspace.docsDir(), Map.of()));
        return new Tree(groups, refs.size(), partials.size());
    }

    /** Prompts by name, each with its variants under it, then the partials. */
    private List<TreeEntry> promptEntries(List<PromptRef> refs, List<String> partials) {
        Map<String, PromptRef> bases = new TreeMap<>();
        Map<String, List<PromptRef>> variants = new TreeMap<>();
        for (PromptRef ref : refs) {
            if (ref.variant() == null) bases.put(ref.name(), ref);
            else variants.computeIfAbsent(ref.name(), k -> new ArrayList<>()).add(ref);
        }
        TreeSet<String> names = new TreeSet<>(bases.keySet());
        names.addAll(variants.keySet());
        List<TreeEntry> out = new ArrayList<>();
        for (String name : names) {
            List<TreeEntry> children = new ArrayList<>();
            for (PromptRef v : variants.getOrDefault(name, List.of())) {
                children.add(new TreeEntry(TreeEntry.Kind.VARIANT, v.variant(), "variant", v, v.file(),
                        workspace.relative(v.file()), List.of(), promptProblem(v)));
            }
            PromptRef base = bases.get(name);
            out.add(new TreeEntry(TreeEntry.Kind.PROMPT, name, base == null ? "no base prompt" : "", base,
                    base == null ? null : base.file(), base == null ? "" : workspace.relative(base.file()), children,
                    base == null ? "" : promptProblem(base)));
        }
        for (String partial : partials) {
            Path f = workspace.promptsDir().resolve("_" + partial + PromptLibrary.EXTENSION);
            out.add(new TreeEntry(TreeEntry.Kind.PARTIAL, partial, "partial", null, f, workspace.relative(f),
                    List.of()));
        }
        return out;
    }

    /**
     * The first problem of each dataset file that has one (bad rows, unreadable, binary), by its workspace path: the
     * line {@code studio datasets} prints for it. A file unchanged since the last tree (same size and modification
     * time) is not read again.
     */
    private Map<String, String> datasetProblems() {
        Map<String, String> out = new TreeMap<>();
        org.promptstudio.workspace.Datasets datasets = new org.promptstudio.workspace.Datasets(workspace);
        Map<String, Path> seen = new java.util.HashMap<>();
        for (Path f : datasets.files()) {
            Path other = seen.putIfAbsent(org.promptstudio.workspace.Datasets.nameOf(f), f);
            if (other != null) {
                out.put(workspace.relative(f), datasets.sameName(f, other).toString());
                continue;
            }
            String problem = problemOf(f, () -> {
                org.promptstudio.workspace.Dataset d = datasets.load(f);
                return d.problems().isEmpty() ? "" : d.problems().get(0).toString();
            });
            if (!problem.isEmpty()) out.put(workspace.relative(f), problem);
        }
        return out;
    }

    /** Why each experiment file that cannot be read cannot ({@code experiments/e.yaml:2:1: ...}), by its path. */
    private Map<String, String> experimentProblems() {
        Map<String, String> out = new TreeMap<>();
        org.promptstudio.experiment.ExperimentSpecReader reader = new org.promptstudio.experiment.ExperimentSpecReader();
        for (Entry e : list(workspace.experimentsDir())) {
            String n = e.file().getFileName().toString();
            if (!n.endsWith(".yaml") && !n.endsWith(".yml")) continue;
            String problem = problemOf(e.file(), () -> {
                reader.read(e.file(), e.inWorkspace());
                return "";
            });
            if (!problem.isEmpty()) out.put(e.inWorkspace(), problem);
        }
        return out;
    }

    /** A file's problem as last read, with the size and modification time it was read at. */
    private record Known(long size, java.nio.file.attribute.FileTime modified, String problem) {
    }

    /** Problems of files already read, by file: the tree is rebuilt on every change in the workspace. */
    private final Map<Path, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code file}'s problem ("" when none): the one {@code read} finds, or the one found before when the file has
     * not changed since. Any failure of {@code read} is a problem line naming the file, never a failed tree.
     */
    private String problemOf(Path file, java.util.function.Supplier<String> read) {
        long size;
        java.nio.file.attribute.FileTime modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            return workspace.relative(file) + ": cannot be read (" + e.getMessage() + ")";
        }
        Known k = known.get(file);
        if (k != null && k.size() == size && k.modified().equals(modified)) return k.problem();
        String problem;
        try {
            problem = read.get();
        } catch (org.promptstudio.model.StudioException bad) {
            problem = CallText.oneLine(bad.getMessage());
        } catch (RuntimeException bad) {
            problem = workspace.relative(file) + ": cannot be read (" + CallText.oneLine(String.valueOf(
                    bad.getMessage())) + ")";
        }
        known.put(file, new Known(size, modified, problem));
        return problem;
    }

    /** Why prompt {@code ref} cannot be parsed ({@code prompts/p.prompt:4:3: ...}), or empty when it parses. */
    private String promptProblem(PromptRef ref) {
        try {
            prompts.parse(ref);
            return "";
        } catch (org.promptstudio.model.StudioException bad) {
            return CallText.oneLine(bad.getMessage());
        }
    }

    private TreeEntry fileGroup(String label, Path dir, Map<String, String> problems) {
        List<Entry> entries = list(dir);
        FolderNode root = new FolderNode();
        for (Entry e : entries) {
            String[] parts = e.inFolder().split("/");
            FolderNode at = root;
            StringBuilder sub = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                sub.append(i == 0 ? "" : "/").append(parts[i]);
                at = at.folders.computeIfAbsent(parts[i], k -> new FolderNode());
                at.dir = dir.resolve(sub.toString());
            }
            at.files.add(new TreeEntry(TreeEntry.Kind.FILE, parts[parts.length - 1], "", null, e.file(),
                    e.inWorkspace(), List.of(), problems.get(e.inWorkspace())));
        }
        return new TreeEntry(TreeEntry.Kind.GROUP, label, String.valueOf(entries.size()), null, dir,
                workspace.relative(dir), root.children(workspace));
    }

    /** A folder while the tree is being built: sub-folders first, then files. */
    private static final class FolderNode {
        final Map<String, FolderNode> folders = new TreeMap<>();
        final List<TreeEntry> files = new ArrayList<>();
        Path dir;

        List<TreeEntry> children(Workspace ws) {
            List<TreeEntry> out = new ArrayList<>();
            folders.forEach((name, f) -> out.add(new TreeEntry(TreeEntry.Kind.FOLDER, name, "", null, f.dir,
                    ws.relative(f.dir), f.children(ws))));
            out.addAll(files);
            return out;
        }
    }

    /**
     * Creates a new file {@code name} (the folder's extension added when missing) in {@code folder} with
     * {@code text}.
     *
     * @return the new file
     * @throws WorkspaceException as {@link #create(Path, String, String, String)}
     */
    public Path create(Folder folder, String name, String text) {
        Path dir = switch (folder) {
            case PROMPTS -> workspace.promptsDir();
            case DATASETS -> workspace.datasetsDir();
            case EXPERIMENTS -> workspace.experimentsDir();
        };
        return create(dir, name, folder.extension(), text);
    }

    /**
     * Every regular file below {@code folder}, nested folders included, sorted by path; hidden files and folders
     * (a name starting with a dot) are left out. A missing folder has no files.
     */
    public List<Entry> list(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) return List.of();
        List<Entry> out = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(f)) {
                        out.add(new Entry(f, dir.relativize(f).toString().replace('\\', '/'), workspace.relative(f)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    // An unreadable entry is left out rather than hiding the whole folder.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(dir) + ": cannot list files: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Entry::inFolder));
        return out;
    }

    /**
     * The text of a file inside the workspace. Bytes that are not UTF-8 show as replacement characters; a binary
     * file, a file too large to show, or a path outside the workspace is refused with a message naming it.
     */
    public String readText(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(workspace.root())) {
            throw new WorkspaceException(f + ": not inside the workspace " + workspace.root());
        }
        String name = workspace.relative(f);
        byte[] bytes;
        try {
            long size = Files.size(f);
            if (size > MAX_TEXT_BYTES) {
                throw new WorkspaceException(name + ": too large to show (" + size / 1024 + " KB; the limit is "
                        + MAX_TEXT_BYTES / 1024 + " KB)");
            }
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new WorkspaceException(name + ": cannot read: " + e.getMessage(), e);
        }
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) throw new WorkspaceException(name + ": not a text file (binary content)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WorkspaceException(name + ": not readable as text", e);
        }
    }

    /** A name the window accepts for a new or renamed file: letters, digits, '.', '_', '-'; not starting with '.'. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[\\w][\\w.-]*");

    /**
     * Creates {@code folder/name + extension} with {@code text} (a folder of the workspace: prompts, datasets,
     * experiments); {@code name} may already end with the extension.
     *
     * @return the new file
     * @throws WorkspaceException when the name is not a plain file name, the file exists, or it cannot be written
     *                            (one line naming the file)
     */
    public Path create(Path folder, String name, String extension, String text) {
        Path file = inside(folder).resolve(fileName(name, extension));
        if (Files.exists(file)) throw new WorkspaceException(workspace.relative(file) + ": already exists");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(file.getParent()) + ": cannot create the folder: "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        AtomicWrite.write(file, text, workspace.relative(file));
        return file;
    }

    /**
     * Copies {@code file} beside itself as {@code name-copy.ext} (then {@code name-copy-2.ext}, ...).
     *
     * @return the copy
     * @throws WorkspaceException when it cannot be read or written (one line naming the file)
     */
    public Path duplicate(Path file) {
        Path f = inside(file);
        String name = f.getFileName().toString();
        int dot = name.indexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        Path copy = f.resolveSibling(base + "-copy" + ext);
        for (int n = 2; Files.exists(copy); n++) copy = f.resolveSibling(base + "-copy-" + n + ext);
        try {
            Files.copy(f, copy);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot copy to " + workspace.relative(copy) + ": "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        return copy;
    }

    /**
     * Renames {@code file} in its folder to {@code newName}; the old extension is kept when {@code newName} has none
     * of it. This is a plain file move: git sees it at the next save (prompts with saved versions are renamed through
     * {@link Versions#move}, so their history follows).
     *
     * @return the renamed file
     * @throws WorkspaceException when the name is not a plain file name, the target exists or the move fails
     */
    public Path rename(Path file, String newName) {
        Path f = inside(file);
        String old = f.getFileName().toString();
        int dot = old.lastIndexOf('.');
        String ext = dot <= 0 ? "" : old.substring(dot);
        Path target = f.resolveSibling(fileName(newName, ext));
        if (target.equals(f)) throw new WorkspaceException(workspace.relative(f) + ": already has that name");
        if (Files.exists(target)) throw new WorkspaceException(workspace.relative(target) + ": already exists");
        if (!Files.exists(f)) throw new WorkspaceException(workspace.relative(f) + ": no such file");
        try {
            Files.move(f, target);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot rename to " + workspace.relative(target)
                    + ": " + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        return target;
    }

    /**
     * Deletes {@code file} from the working folder (a saved version stays in git's history).
     *
     * @throws WorkspaceException when it is not a file of the workspace or cannot be deleted
     */
    public void delete(Path file) {
        Path f = inside(file);
        if (!Files.isRegularFile(f)) throw new WorkspaceException(workspace.relative(f) + ": no such file");
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot delete: "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
    }

    /**
     * Watches the workspace for files created, changed or deleted (by the studio, another editor, git) and calls
     * {@code onChange}, on a watcher thread, with the changed paths from the root ({@code prompts/a.prompt}; a
     * folder stands for what is in it, {@code ""} for everything, {@link #GIT_HEAD} for a switch of branch), once
     * nothing changed for {@code quiet}.
     *
     * @return what to close to stop watching
     * @throws WorkspaceException when the system cannot watch the folder
     */
    public AutoCloseable watch(java.time.Duration quiet, java.util.function.Consumer<java.util.SortedSet<String>> onChange) {
        return org.promptstudio.workspace.FileWatcher.start(workspace.root(), quiet, onChange);
    }

    private Path inside(Path p) {
        Path f = p.toAbsolutePath().normalize();
        if (!f.startsWith(workspace.root()) || f.equals(workspace.root())) {
            throw new WorkspaceException(f + ": not inside the workspace " + workspace.root());
        }
        return f;
    }

    private static String fileName(String name, String extension) {
        String n = name == null ? "" : name.strip();
        if (!extension.isEmpty() && n.endsWith(extension)) n = n.substring(0, n.length() - extension.length());
        if (!NAME.matcher(n).matches()) {
            throw new WorkspaceException("'" + (name == null ? "" : name.strip())
                    + "' cannot be a file name: use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return n + extension;
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
