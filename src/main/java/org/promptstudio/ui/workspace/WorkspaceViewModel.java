package org.promptstudio.ui.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Studio;
import org.promptstudio.app.WorkspaceFiles;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.ui.files.FileViewModel;
import org.promptstudio.ui.prompt.PromptViewModel;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.workspace.WorkspaceNode.Kind;
import org.promptstudio.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window over one workspace: the tree of its prompts, datasets, experiments and docs, what the
 * selected entry shows, and the status line. It owns the view models of the detail panes.
 */
public final class WorkspaceViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceViewModel.class);

    /** What the right-hand side shows. */
    public enum Detail { NONE, PROMPT, FILE }

    private record Scan(List<WorkspaceNode> groups, int prompts, int partials) {
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final PromptViewModel prompt;
    private final FileViewModel file;

    private final ObservableList<WorkspaceNode> groups = FXCollections.observableArrayList();
    private final ObservableList<WorkspaceNode> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyObjectWrapper<WorkspaceNode> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>(Detail.NONE);
    private final ReadOnlyStringWrapper title;
    private final ReadOnlyStringWrapper workspacePath;
    private final ReadOnlyStringWrapper promptCount = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

    public WorkspaceViewModel(Studio studio, TaskRunner runner) {
        this.studio = studio;
        this.runner = runner;
        this.prompt = new PromptViewModel(studio.prompts(), runner);
        this.file = new FileViewModel(studio.files(), runner);
        Path root = studio.workspace().root();
        this.title = new ReadOnlyStringWrapper("Prompt Studio — " + root.getFileName());
        this.workspacePath = new ReadOnlyStringWrapper(root.toString());
    }

    /** Lists the workspace in the background and fills the tree. */
    public void onLoad() {
        loading.set(true);
        runner.run(this::scan, this::showScan, this::failLoad);
    }

    /** Shows what {@code node} stands for; a group or folder leaves the detail as it is. */
    public void onSelect(WorkspaceNode node) {
        selected.set(node);
        if (node == null) return;
        if (node.isPrompt()) {
            detail.set(Detail.PROMPT);
            prompt.onShow(node.prompt());
        } else if (node.isFile()) {
            detail.set(Detail.FILE);
            file.onShow(node.file(), node.path());
        }
    }

    /** The tree entry of a prompt or variant by id ({@code answer}, {@code answer.formal}). */
    public Optional<WorkspaceNode> findPrompt(String id) {
        return flatten(groups.stream()).filter(n -> n.isPrompt() && n.prompt().id().equals(id)).findFirst();
    }

    private static Stream<WorkspaceNode> flatten(Stream<WorkspaceNode> nodes) {
        return nodes.flatMap(n -> Stream.concat(Stream.of(n), flatten(n.children().stream())));
    }

    private Scan scan() {
        Workspace ws = studio.workspace();
        PromptLibrary library = studio.prompts();
        List<PromptRef> refs = library.list();
        List<String> partials = library.partials();
        List<WorkspaceNode> groups = List.of(
                new WorkspaceNode(Kind.GROUP, "Prompts", String.valueOf(refs.size()), null, ws.promptsDir(),
                        ws.relative(ws.promptsDir()), promptNodes(ws, refs, partials)),
                fileGroup(ws, "Datasets", ws.datasetsDir()),
                fileGroup(ws, "Experiments", ws.experimentsDir()),
                fileGroup(ws, "Docs", ws.docsDir()));
        return new Scan(groups, refs.size(), partials.size());
    }

    /** Prompts by name, each with its variants under it, then the partials. */
    private static List<WorkspaceNode> promptNodes(Workspace ws, List<PromptRef> refs, List<String> partials) {
        Map<String, PromptRef> bases = new TreeMap<>();
        Map<String, List<PromptRef>> variants = new TreeMap<>();
        for (PromptRef ref : refs) {
            if (ref.variant() == null) bases.put(ref.name(), ref);
            else variants.computeIfAbsent(ref.name(), k -> new ArrayList<>()).add(ref);
        }
        TreeSet<String> names = new TreeSet<>(bases.keySet());
        names.addAll(variants.keySet());
        List<WorkspaceNode> out = new ArrayList<>();
        for (String name : names) {
            List<WorkspaceNode> children = new ArrayList<>();
            for (PromptRef v : variants.getOrDefault(name, List.of())) {
                children.add(new WorkspaceNode(Kind.VARIANT, v.variant(), "variant", v, v.file(),
                        ws.relative(v.file()), List.of()));
            }
            PromptRef base = bases.get(name);
            out.add(new WorkspaceNode(Kind.PROMPT, name, base == null ? "no base prompt" : "", base,
                    base == null ? null : base.file(), base == null ? "" : ws.relative(base.file()), children));
        }
        for (String partial : partials) {
            Path f = ws.promptsDir().resolve("_" + partial + PromptLibrary.EXTENSION);
            out.add(new WorkspaceNode(Kind.PARTIAL, partial, "partial", null, f, ws.relative(f), List.of()));
        }
        return out;
    }

    private WorkspaceNode fileGroup(Workspace ws, String label, Path dir) {
        List<WorkspaceFiles.Entry> entries = studio.files().list(dir);
        Folder root = new Folder();
        for (WorkspaceFiles.Entry e : entries) {
            String[] parts = e.inFolder().split("/");
            Folder at = root;
            StringBuilder sub = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                sub.append(i == 0 ? "" : "/").append(parts[i]);
                at = at.folders.computeIfAbsent(parts[i], k -> new Folder());
                at.dir = dir.resolve(sub.toString());
            }
            at.files.add(new WorkspaceNode(Kind.FILE, parts[parts.length - 1], "", null, e.file(), e.inWorkspace(),
                    List.of()));
        }
        return new WorkspaceNode(Kind.GROUP, label, String.valueOf(entries.size()), null, dir, ws.relative(dir),
                root.children(ws));
    }

    /** A folder while the tree is being built: sub-folders first, then files, as file managers show them. */
    private static final class Folder {
        final Map<String, Folder> folders = new TreeMap<>();
        final List<WorkspaceNode> files = new ArrayList<>();
        Path dir;

        List<WorkspaceNode> children(Workspace ws) {
            List<WorkspaceNode> out = new ArrayList<>();
            folders.forEach((name, f) -> out.add(new WorkspaceNode(Kind.FOLDER, name, "", null, f.dir,
                    ws.relative(f.dir), f.children(ws))));
            out.addAll(files);
            return out;
        }
    }

    private void showScan(Scan scan) {
        groups.setAll(scan.groups());
        promptCount.set(count(scan.prompts(), "prompt") + " · " + count(scan.partials(), "partial"));
        loadError.set("");
        loading.set(false);
    }

    private void failLoad(Throwable error) {
        LOG.warn("cannot list the workspace {}", studio.workspace().root(), error);
        loadError.set("Cannot list the workspace: " + error.getMessage());
        loading.set(false);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public PromptViewModel prompt() {
        return prompt;
    }

    public FileViewModel file() {
        return file;
    }

    /** The four groups: Prompts, Datasets, Experiments, Docs. */
    public ObservableList<WorkspaceNode> groups() {
        return groupsView;
    }

    public ReadOnlyObjectProperty<WorkspaceNode> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Detail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** "Prompt Studio — name of the workspace folder". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty workspacePathProperty() {
        return workspacePath.getReadOnlyProperty();
    }

    /** "6 prompts · 1 partial"; empty until the workspace is listed. */
    public ReadOnlyStringProperty promptCountProperty() {
        return promptCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
