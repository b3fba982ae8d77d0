package org.promptstudio.vcs;

import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of prompt files in a workspace repository: saving (a commit of the prompt and the partials it
 * uses), history that follows renames, labels, restoring, diffs and renaming. Paths are relative to the workspace
 * root with {@code /} ({@code prompts/answer.prompt}); what a prompt id means is for the caller to say.
 * <p>
 * The repository is opened for each call, so the service is safe to share and always sees what {@code git} did in
 * between. Histories are cached by (start commit, path): commits never change, so the cache needs no invalidation.
 */
public final class PromptVersions {

    private static final Logger LOG = LoggerFactory.getLogger(PromptVersions.class);
    private static final int CACHED_HISTORIES = 32;

    private final Path root;
    private final Supplier<Author> fallback;
    private final Closures closures;
    private final Map<String, VersionHistory.Walk> histories = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, VersionHistory.Walk> eldest) {
                    return size() > CACHED_HISTORIES;
                }
            });

    /**
     * @param root     the workspace folder, a git repository
     * @param fallback who commits when git has no identity (the studio settings), asked only then; may give null
     */
    public PromptVersions(Path root, Supplier<Author> fallback) {
        this(root, fallback, null);
    }

    /**
     * @param root     the workspace folder, a git repository
     * @param fallback who commits when git has no identity (the studio settings), asked only then; may give null
     * @param links    how to find the partials a file uses; null when a version is the prompt's own file alone
     */
    public PromptVersions(Path root, Supplier<Author> fallback, PartialLinks links) {
        this.root = root.toAbsolutePath().normalize();
        this.fallback = fallback;
        this.closures = new Closures(links);
    }

    private GitRepository open() {
        return GitRepository.open(root, fallback);
    }

    /**
     * Who a commit made now would be by, as {@link #save} picks it: git's identity ({@code user.name} and
     * {@code user.email}: repository, then user, then system configuration), else the fallback.
     *
     * @return the author, or empty when neither is set (a save would be refused)
     */
    public java.util.Optional<Author> author() {
        try (GitRepository git = open()) {
            org.eclipse.jgit.lib.PersonIdent p = git.author();
            return java.util.Optional.of(new Author(p.getName(), p.getEmailAddress()));
        } catch (VcsException e) {
            return java.util.Optional.empty();
        }
    }

    // ---------------------------------------------------------------- reading

    /** Every saved version of the prompt on the current branch, newest first. Empty when it was never saved. */
    public List<PromptVersion> history(String promptPath) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            RevCommit head = git.head();
            if (head == null) return List.of();
            return versions(git, entries(git, head, path), PromptLabels.byCommit(git.repository(), path));
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot read the history");
        }
    }

    /** The newest saved version, if there is one. */
    public Optional<PromptVersion> latest(String promptPath) {
        List<PromptVersion> h = history(promptPath);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(0));
    }

    /**
     * The saved version {@code spec} names: a number, {@code latest}, a label or a commit id (a commit that is not
     * itself a version gives the version in effect at that commit). The working copy is not a version.
     */
    public PromptVersion resolve(String promptPath, String spec) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            return resolve(git, path, VersionSpec.parse(spec), spec);
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot resolve version '" + spec + "'");
        }
    }

    /** The prompt's text at {@code spec}; {@code working} (or {@code wc}) reads the file on disk. */
    public String contentAt(String promptPath, String spec) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            VersionSpec parsed = VersionSpec.parse(spec);
            if (parsed instanceof VersionSpec.Working) {
                byte[] bytes = git.workingFile(path);
                if (bytes == null) throw new VcsException(path + ": no such file in the working folder");
                return new String(bytes, StandardCharsets.UTF_8);
            }
            PromptVersion v = resolve(git, path, parsed, spec);
            return new String(blobAt(git, v), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot read version '" + spec + "'");
        }
    }

    /** Each label of the prompt with the version it points at, by name. */
    public List<PromptLabel> labels(String promptPath) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            List<PromptLabel> out = new ArrayList<>();
            for (var e : PromptLabels.all(git.repository(), path).entrySet()) {
                out.add(new PromptLabel(e.getKey(), versionAt(git, path, e.getValue(), e.getKey())));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot read the labels");
        }
    }

    /** Whether the file on disk differs from its latest saved version (or was never saved). */
    public boolean hasUnsavedChanges(String promptPath) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            return differsFromHead(git, git.head(), path);
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot compare with the saved version");
        }
    }

    /**
     * Compares two versions; each side is a number, label, commit id, {@code latest} or {@code working}. The diff
     * covers the prompt and every partial either side uses (decision 0014); {@link PromptDiff#rows()} are the
     * prompt's own lines.
     */
    public PromptDiff diff(String promptPath, String fromSpec, String toSpec) {
        String path = checkPath(promptPath);
        String from = fromSpec == null ? "latest" : fromSpec;
        String to = toSpec == null ? "working" : toSpec;
        try (GitRepository git = open()) {
            Side a = side(git, path, from);
            Side b = side(git, path, to);
            StringBuilder unified = new StringBuilder();
            String aText = a.files().getOrDefault(a.path(), "");
            String bText = b.files().getOrDefault(b.path(), "");
            List<String> changed = new ArrayList<>();
            unified.append(TextDiff.unified("a/" + a.path() + "\t" + a.description(),
                    "b/" + b.path() + "\t" + b.description(), aText, bText, 3));
            if (!aText.equals(bText) || !a.path().equals(b.path())) changed.add(b.path());
            Set<String> partials = new java.util.TreeSet<>();
            a.files().keySet().stream().filter(p -> !p.equals(a.path())).forEach(partials::add);
            b.files().keySet().stream().filter(p -> !p.equals(b.path())).forEach(partials::add);
            for (String p : partials) {
                String before = a.files().get(p);
                String after = b.files().get(p);
                if (java.util.Objects.equals(before, after)) continue;
                changed.add(p);
                unified.append(TextDiff.unified(
                        (before == null ? "/dev/null" : "a/" + p) + "\t" + a.description(),
                        (after == null ? "/dev/null" : "b/" + p) + "\t" + b.description(),
                        before == null ? "" : before, after == null ? "" : after, 3));
            }
            return new PromptDiff(path, from, to, unified.toString(), TextDiff.rows(aText, bText), changed,
                    a.files(), b.files(), "", null);
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot compare " + from + " with " + to);
        }
    }

    /**
     * The prompt and the partials it uses at {@code spec}, as texts by path, the prompt first (under the name it had
     * then); {@code working} reads them from disk (the version is then null).
     */
    public VersionFiles files(String promptPath, String spec) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            VersionSpec parsed = VersionSpec.parse(spec);
            if (parsed instanceof VersionSpec.Working) {
                Map<String, String> files = texts(closures.onDisk(git, path));
                if (files.isEmpty()) throw new VcsException(path + ": no such file in the working folder");
                return new VersionFiles(path, null, files);
            }
            PromptVersion v = resolve(git, path, parsed, spec);
            return new VersionFiles(v.path(), v, texts(filesAt(git, v)));
        } catch (IOException | RuntimeException e) {
            throw wrap(e, path, "cannot read version '" + spec + "'");
        }
    }

    private record Side(String path, String description, Map<String, String> files) {
    }

    private Side side(GitRepository git, String path, String spec) throws IOException {
        VersionSpec parsed = VersionSpec.parse(spec);
        if (parsed instanceof VersionSpec.Working) {
            return new Side(path, "working copy", texts(closures.onDisk(git, path)));
        }
        PromptVersion v = resolve(git, path, parsed, spec);
        String label = v.labels().isEmpty() ? "" : ", " + String.join(", ", v.labels());
        String name = v.numbered() ? "version " + v.number() + " (" + v.shortId() + label + ")"
                : "commit " + v.shortId() + " (shallow history: version number unknown" + label + ")";
        return new Side(v.path(), name, texts(filesAt(git, v)));
    }

    /** The closure of version {@code v}: path to bytes, the prompt first. */
    private Map<String, byte[]> filesAt(GitRepository git, PromptVersion v) throws IOException {
        try (RevWalk walk = new RevWalk(git.repository())) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(v.commitId()));
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (var e : closures.at(git.repository(), c.getTree(), v.path()).entrySet()) {
                out.put(e.getKey(), git.repository().open(e.getValue(), org.eclipse.jgit.lib.Constants.OBJ_BLOB).getBytes());
            }
            if (out.isEmpty()) throw new VcsException(v.path() + ": missing in commit " + v.shortId());
            return out;
        }
    }

    private static Map<String, String> texts(Map<String, byte[]> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((p, b) -> out.put(p, new String(b, StandardCharsets.UTF_8)));
        return out;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Refuses, in one line, when the repository is in a state where git itself would not make a commit of some paths:
     * a merge, rebase, cherry-pick or revert in progress, unmerged files, or {@code index.lock} held (decision 0032).
     * Callers that check files before saving ask this first, so the user hears about the repository's state, not
     * about the conflict markers that state left in a file.
     *
     * @param action what the user asked for ({@code save})
     * @throws VcsException when the state forbids it
     */
    public void requireCommitPossible(String action) {
        try (GitRepository git = open()) {
            git.requireNoMerge(action);
        }
    }

    /**
     * Commits the prompt and those of {@code partialPaths} that changed, and nothing else. An unchanged prompt with
     * unchanged partials commits nothing. The caller checks the template first; here the secret scan runs.
     */
    public SaveResult save(String promptPath, String message, Collection<String> partialPaths) {
        String path = checkPath(promptPath);
        String msg = checkMessage(message);
        try (GitRepository git = open()) {
            git.requireNoMerge("save");
            if (git.workingFile(path) == null) throw new VcsException(path + ": no such file");
            RevCommit head = git.head();
            Set<String> candidates = new LinkedHashSet<>();
            candidates.add(path);
            for (String p : partialPaths) candidates.add(checkPath(p));
            List<String> changed = new ArrayList<>();
            for (String p : candidates) {
                if (git.workingFile(p) != null && differsFromHead(git, head, p)) changed.add(p);
            }
            if (changed.isEmpty()) {
                PromptVersion latest = latestOrNull(git, head, path);
                return new SaveResult(latest, false, List.of(), null);
            }
            Map<String, ObjectId> before = head == null ? Map.of() : closures.at(git.repository(), head.getTree(), path);
            RevCommit commit = git.commitPaths(changed, msg);
            List<String> closureChanged = Closures.changed(before, closures.at(git.repository(), commit.getTree(), path));
            boolean promptChanged = !closureChanged.isEmpty();
            if (promptChanged && head != null && git.blobId(head.getTree(), path) != null) {
                extendCache(head, commit, path, closureChanged);
            }
            PromptVersion version = latestOrNull(git, commit, path);
            LOG.info("saved {} as version {} ({})", path, version == null ? "-" : version.number(), commit.getName());
            return new SaveResult(version, promptChanged, changed, GitRepository.shortId(commit), warnings(git, commit));
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, path, "cannot save");
        }
    }

    /**
     * Points {@code label} at the version {@code spec} names (default: latest), moving it if it pointed elsewhere.
     */
    public LabelChange label(String promptPath, String label, String spec) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            PromptLabels.checkName(path, label);
            PromptVersion target = resolve(git, path, VersionSpec.parse(spec), spec);
            if (spec != null && VersionSpec.parse(spec) instanceof VersionSpec.Named n && n.name().equals(label)) {
                return new LabelChange(label, target, target);
            }
            ObjectId old = PromptLabels.find(git.repository(), path, label);
            PromptVersion previous = old == null ? null : versionAt(git, path, old, label);
            if (old == null || !old.getName().equals(target.commitId())) {
                PromptLabels.set(git, path, label, ObjectId.fromString(target.commitId()),
                        label + ": " + PromptLabels.promptId(path) + " " + target.name()
                                + (previous == null ? "" : " (was " + previous.name() + ")") + "\n");
            }
            List<String> labels = new ArrayList<>(target.labels());
            if (!labels.contains(label)) labels.add(label);
            Collections.sort(labels);
            return new LabelChange(label, target.withLabels(labels), previous);
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, path, "cannot set label '" + label + "'");
        }
    }

    /** Removes a label; returns the version it pointed at. */
    public PromptVersion removeLabel(String promptPath, String label) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            ObjectId old = PromptLabels.find(git.repository(), path, label);
            if (old == null) throw new VcsException(path + ": no label '" + label + "'" + knownLabels(git, path));
            PromptVersion version = versionAt(git, path, old, label);
            PromptLabels.delete(git, path, label);
            return version;
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, path, "cannot remove label '" + label + "'");
        }
    }

    /**
     * Writes version {@code spec} back as a new version (history keeps everything): the prompt and the partials it
     * used then, as they were (decision 0014). Refused when one of the files it would write has unsaved changes.
     * {@code message} may be null. {@link SaveResult#committedPaths()} names the partials written, which other
     * prompts may share.
     */
    public SaveResult restore(String promptPath, String spec, String message) {
        String path = checkPath(promptPath);
        try (GitRepository git = open()) {
            git.requireNoMerge("restore");
            RevCommit head = git.head();
            PromptVersion v = resolve(git, path, VersionSpec.parse(spec), spec);
            Map<String, byte[]> target = new LinkedHashMap<>();
            for (var e : filesAt(git, v).entrySet()) target.put(e.getKey().equals(v.path()) ? path : e.getKey(), e.getValue());
            Map<String, byte[]> writes = new LinkedHashMap<>();
            for (var e : target.entrySet()) {
                byte[] current = head == null ? null : git.blob(head.getTree(), e.getKey());
                if (current == null || !Arrays.equals(current, e.getValue())) writes.put(e.getKey(), e.getValue());
            }
            List<String> unsaved = new ArrayList<>();
            Set<String> touched = new LinkedHashSet<>(writes.keySet());
            touched.add(path);
            for (String p : touched) {
                if (git.workingFile(p) != null && differsFromHead(git, head, p)) unsaved.add(p);
            }
            if (!unsaved.isEmpty()) {
                throw new VcsException(String.join(", ", unsaved) + (unsaved.size() == 1 ? " has" : " have")
                        + " unsaved changes that restoring would overwrite; save them first (they stay in the history)"
                        + " or discard them");
            }
            if (writes.isEmpty()) {
                var checkout = git.git().checkout().setStartPoint(head);
                boolean missing = false;
                for (var e : target.entrySet()) {
                    if (git.workingFile(e.getKey()) == null) {
                        checkout.addPath(e.getKey()); // through git's filters, as git checkout writes it
                        missing = true;
                    }
                }
                if (missing) checkout.call();
                return new SaveResult(latestOrNull(git, head, path), false, List.of(), null);
            }
            String msg = message == null || message.isBlank()
                    ? "Restore " + PromptLabels.promptId(path) + " to " + v.name()
                    : message.strip();
            git.author(); // a missing identity is said before the files are touched
            Map<String, byte[]> before = new LinkedHashMap<>();
            for (String p : writes.keySet()) before.put(p, git.workingFile(p));
            Map<String, ObjectId> closureBefore = head == null ? Map.of()
                    : closures.at(git.repository(), head.getTree(), path);
            RevCommit commit;
            try {
                for (var e : writes.entrySet()) {
                    AtomicFile.write(git.file(e.getKey()), e.getKey(), e.getValue()); // creates the folder too
                }
                commit = git.commitPaths(List.copyOf(writes.keySet()), msg);
            } catch (IOException | GitAPIException | RuntimeException e) {
                for (var b : before.entrySet()) { // leave the files as they were
                    if (b.getValue() != null) AtomicFile.write(git.file(b.getKey()), b.getKey(), b.getValue());
                    else Files.deleteIfExists(git.file(b.getKey()));
                }
                throw e;
            }
            // The files were written as stored; git's checkout writes them as the user's eol settings want them.
            git.git().checkout().addPaths(List.copyOf(writes.keySet())).call();
            List<String> changed = Closures.changed(closureBefore, closures.at(git.repository(), commit.getTree(), path));
            if (head != null && git.blobId(head.getTree(), path) != null && !changed.isEmpty()) {
                extendCache(head, commit, path, changed);
            }
            return new SaveResult(latestOrNull(git, commit, path), !changed.isEmpty(), List.copyOf(writes.keySet()),
                    GitRepository.shortId(commit), warnings(git, commit));
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, path, "cannot restore version '" + spec + "'");
        }
    }

    /**
     * Renames a saved prompt in one commit; its history and labels follow it. Refused when the prompt has unsaved
     * changes or the new name is taken.
     */
    public SaveResult move(String fromPath, String toPath, String message) {
        return move(fromPath, toPath, message, Map.of());
    }

    /**
     * As {@link #move(String, String, String)}, with {@code edits} (new bytes by path: experiments and prompts that
     * named the old one) written and committed in the same commit. Refused, touching nothing, when one of the edited
     * files has unsaved changes.
     */
    public SaveResult move(String fromPath, String toPath, String message, Map<String, byte[]> edits) {
        String from = checkPath(fromPath);
        String to = checkPath(toPath);
        Map<String, byte[]> changes = new LinkedHashMap<>();
        for (var e : edits.entrySet()) changes.put(checkPath(e.getKey()), e.getValue());
        try (GitRepository git = open()) {
            git.requireNoMerge("rename");
            RevCommit head = git.head();
            if (from.equals(to)) throw new VcsException(from + ": already has that name");
            if (head == null || git.blob(head.getTree(), from) == null) {
                throw new VcsException(from + ": not saved yet; save it before renaming it, so its history can follow");
            }
            if (git.workingFile(from) == null) throw new VcsException(from + ": no such file");
            if (differsFromHead(git, head, from)) {
                throw new VcsException(from + ": has unsaved changes; save them first, then rename");
            }
            if (Files.exists(git.file(to)) || git.blob(head.getTree(), to) != null) {
                throw new VcsException(to + ": already exists");
            }
            for (String p : changes.keySet()) {
                if (p.equals(from) || p.equals(to)) throw new VcsException(p + ": cannot be edited by its own rename");
                if (differsFromHead(git, head, p)) {
                    throw new VcsException(p + ": has unsaved changes; save or discard them first, then rename");
                }
            }
            Map<String, ObjectId> labels = PromptLabels.all(git.repository(), from);
            for (String label : labels.keySet()) PromptLabels.checkName(to, label);
            git.author(); // a missing identity is said before the file is touched
            Files.createDirectories(git.file(to).getParent());
            Map<String, byte[]> before = new LinkedHashMap<>();
            for (String p : changes.keySet()) before.put(p, git.workingFile(p));
            Files.move(git.file(from), git.file(to));
            RevCommit commit;
            try {
                for (var e : changes.entrySet()) AtomicFile.write(git.file(e.getKey()), e.getKey(), e.getValue());
                List<String> paths = new ArrayList<>(List.of(from, to));
                paths.addAll(changes.keySet());
                commit = git.commitPaths(paths, message == null || message.isBlank()
                        ? "Rename " + PromptLabels.promptId(from) + " to " + PromptLabels.promptId(to) : message.strip());
            } catch (RuntimeException | IOException | GitAPIException e) {
                Files.move(git.file(to), git.file(from));
                for (var b : before.entrySet()) {
                    if (b.getValue() != null) AtomicFile.write(git.file(b.getKey()), b.getKey(), b.getValue());
                    else Files.deleteIfExists(git.file(b.getKey()));
                }
                throw e;
            }
            for (var e : labels.entrySet()) {
                PromptVersion v = versionAt(git, to, e.getValue(), e.getKey());
                PromptLabels.set(git, to, e.getKey(), e.getValue(), e.getKey() + ": " + PromptLabels.promptId(to)
                        + " " + v.name() + " (label moved with the rename from " + PromptLabels.promptId(from) + ")\n");
                PromptLabels.delete(git, from, e.getKey());
            }
            List<String> committed = new ArrayList<>(List.of(from, to));
            committed.addAll(changes.keySet());
            return new SaveResult(latestOrNull(git, commit, to), false, committed, GitRepository.shortId(commit),
                    warnings(git, commit));
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, from, "cannot rename to " + to);
        }
    }

    // ---------------------------------------------------------------- internals

    private PromptVersion resolve(GitRepository git, String path, VersionSpec spec, String text) throws IOException {
        RevCommit head = git.head();
        if (spec instanceof VersionSpec.Working) {
            throw new VcsException("'" + text + "' is the file on disk, not a saved version; give a number, a label or a "
                    + "commit id");
        }
        if (spec instanceof VersionSpec.Latest) {
            PromptVersion latest = head == null ? null : latestOrNull(git, head, path);
            if (latest == null) throw new VcsException(path + ": has no saved versions yet");
            return latest;
        }
        if (spec instanceof VersionSpec.Number n) {
            VersionHistory.Walk found = head == null ? null : entries(git, head, path);
            List<VersionHistory.Entry> entries = found == null ? List.of() : found.entries();
            if (entries.isEmpty()) throw new VcsException(path + ": has no saved versions yet");
            if (!found.complete()) throw new VcsException(shallowNumbers(path, text));
            if (n.n() > entries.size()) {
                throw new VcsException(path + " has no version " + n.n() + " (" + (entries.size() == 1
                        ? "it has one version, 1)" : "its versions are 1 to " + entries.size() + ")"));
            }
            List<PromptVersion> all = versions(git, found, PromptLabels.byCommit(git.repository(), path));
            return all.get(all.size() - n.n());
        }
        String name = ((VersionSpec.Named) spec).name();
        ObjectId labelled = PromptLabels.find(git.repository(), path, name);
        if (labelled != null) return versionAt(git, path, labelled, name);
        ObjectId commit = commitId(git, name);
        if (commit == null) {
            throw new VcsException(path + ": no label or commit '" + name + "'" + knownLabels(git, path));
        }
        return versionAt(git, path, commit, name);
    }

    /**
     * What git would warn about after a commit: a commit on a detached HEAD belongs to no branch, and switching away
     * leaves it behind ({@code git commit} prints {@code [detached HEAD 1a2b3c4]}).
     */
    private static List<String> warnings(GitRepository git, RevCommit commit) throws IOException {
        if (!git.detached()) return List.of();
        return List.of("HEAD is detached: commit " + GitRepository.shortId(commit) + " is on no branch and is left "
                + "behind when you switch away; keep it with 'studio branch NAME' (or 'git switch -c NAME')");
    }

    /** A hex commit id (4 to 40 digits) that exists, or null. */
    private static ObjectId commitId(GitRepository git, String name) throws IOException {
        if (!name.matches("[0-9a-fA-F]{4,40}")) return null;
        try {
            ObjectId id = git.repository().resolve(name.toLowerCase(java.util.Locale.ROOT) + "^{commit}");
            return id;
        } catch (AmbiguousObjectException e) {
            throw new VcsException("commit id '" + name + "' is ambiguous; give more of it", e);
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            return null;
        }
    }

    /** The version in effect at {@code commit}: that commit when it changed the prompt, else the one before it. */
    private PromptVersion versionAt(GitRepository git, String path, ObjectId commit, String spec) throws IOException {
        Map<ObjectId, List<String>> labels = PromptLabels.byCommit(git.repository(), path);
        RevCommit head = git.head();
        VersionHistory.Walk headWalk = head == null ? null : entries(git, head, path);
        List<VersionHistory.Entry> headEntries = headWalk == null ? List.of() : headWalk.entries();
        for (int i = 0; i < headEntries.size(); i++) {
            if (headEntries.get(i).commit().equals(commit)) {
                return version(git, headEntries.get(i), number(headWalk, i), labels);
            }
        }
        // Not a version on this branch: look from the commit itself, under each name the prompt has had.
        Set<String> names = new LinkedHashSet<>();
        names.add(path);
        headEntries.forEach(e -> names.add(e.path()));
        try (RevWalk walk = new RevWalk(git.repository())) {
            RevCommit start = walk.parseCommit(commit);
            for (String name : names) {
                VersionHistory.Walk found = entries(git, start, name);
                if (!found.entries().isEmpty()) return version(git, found.entries().get(0), number(found, 0), labels);
            }
        }
        throw new VcsException(path + ": '" + spec + "' (commit " + GitRepository.shortId(commit)
                + ") holds no version of this prompt");
    }

    private PromptVersion latestOrNull(GitRepository git, RevCommit start, String path) throws IOException {
        if (start == null) return null;
        VersionHistory.Walk found = entries(git, start, path);
        if (found.entries().isEmpty()) return null;
        return version(git, found.entries().get(0), number(found, 0), PromptLabels.byCommit(git.repository(), path));
    }

    private VersionHistory.Walk entries(GitRepository git, RevCommit start, String path) throws IOException {
        String key = start.getName() + ":" + path;
        VersionHistory.Walk cached = histories.get(key);
        if (cached != null) return cached;
        VersionHistory.Walk found = VersionHistory.walk(git.repository(), start, path, closures);
        // An incomplete walk is not kept: 'git fetch --unshallow' completes it without changing any commit.
        if (found.complete()) histories.put(key, found);
        return found;
    }

    /** The number of the {@code i}-th newest version of a walk, or {@link PromptVersion#UNKNOWN} in a shallow one. */
    private static int number(VersionHistory.Walk walk, int i) {
        return walk.complete() ? walk.entries().size() - i : PromptVersion.UNKNOWN;
    }

    /** Why a version number cannot be resolved in a shallow clone (decision 0031). */
    static String shallowNumbers(String path, String spec) {
        return path + ": history is shallow (a shallow clone), so version numbers are unknown and '" + spec
                + "' cannot be found; use a commit id or a label (or fetch the whole history: git fetch --unshallow)";
    }

    /** A commit that changed the closure of {@code path} on top of {@code parent}: one more version than the parent's. */
    private void extendCache(RevCommit parent, RevCommit commit, String path, List<String> changed) {
        if (parent == null) return;
        VersionHistory.Walk before = histories.get(parent.getName() + ":" + path);
        if (before == null || before.entries().isEmpty() || !before.complete()) return; // the walk decides
        List<VersionHistory.Entry> after = new ArrayList<>(before.entries().size() + 1);
        after.add(new VersionHistory.Entry(commit, path, changed));
        after.addAll(before.entries());
        histories.put(commit.getName() + ":" + path, new VersionHistory.Walk(after, before.complete()));
    }

    private static List<PromptVersion> versions(GitRepository git, VersionHistory.Walk walk,
                                                Map<ObjectId, List<String>> labels) {
        List<VersionHistory.Entry> entries = walk.entries();
        List<PromptVersion> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) out.add(version(git, entries.get(i), number(walk, i), labels));
        return out;
    }

    private static PromptVersion version(GitRepository git, VersionHistory.Entry e, int number,
                                         Map<ObjectId, List<String>> labels) {
        RevCommit c = e.commit();
        PersonIdent author = c.getAuthorIdent();
        OffsetDateTime time = OffsetDateTime.ofInstant(author.getWhenAsInstant(), author.getZoneId());
        List<String> names = new ArrayList<>(labels.getOrDefault(c.getId(), List.of()));
        Collections.sort(names);
        String message = c.getFullMessage().stripTrailing();
        return new PromptVersion(number, c.getName(), GitRepository.shortId(c), time, author.getName(),
                author.getEmailAddress(), message, names, e.path(), e.changed());
    }

    private static byte[] blobAt(GitRepository git, PromptVersion v) throws IOException {
        try (RevWalk walk = new RevWalk(git.repository())) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(v.commitId()));
            byte[] bytes = git.blob(c.getTree(), v.path());
            if (bytes == null) throw new VcsException(v.path() + ": missing in commit " + v.shortId());
            return bytes;
        }
    }

    /**
     * Whether the file on disk differs from HEAD as git sees it: through git's check-in filters (autocrlf, eol and
     * text attributes, clean filters; decision 0030), so a file {@code git status} calls clean is unchanged here.
     */
    private static boolean differsFromHead(GitRepository git, RevCommit head, String path) throws IOException {
        ObjectId working = git.workingId(path);
        ObjectId saved = head == null ? null : git.blobId(head.getTree(), path);
        if (working == null) return saved != null;
        return saved == null || !saved.equals(working);
    }

    private static String knownLabels(GitRepository git, String path) throws IOException {
        Set<String> names = PromptLabels.all(git.repository(), path).keySet();
        return names.isEmpty() ? " (it has no labels)" : " (labels: " + String.join(", ", names) + ")";
    }

    /** A relative path inside the workspace, with '/'. */
    static String checkPath(String path) {
        if (path == null || path.isBlank()) throw new VcsException("no prompt file given");
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) p = p.substring(2);
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || Arrays.asList(p.split("/")).contains("..")
                || p.startsWith(".git/") || p.endsWith("/")) {
            throw new VcsException(path + ": not a file path inside the workspace");
        }
        return p;
    }

    private static String checkMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new VcsException("a save needs a message saying what changed (-m \"...\")");
        }
        return message.strip();
    }

    private VcsException wrap(Exception e, String path, String what) {
        if (e instanceof VcsException v) return v;
        if (e instanceof org.promptstudio.model.StudioException s) return new VcsException(s.getMessage(), s);
        String reason = ErrorText.reason(e);
        return new VcsException(root + ": " + path + ": " + what + ": " + reason, e);
    }
}
