package org.promptstudio.app;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.vcs.LabelChange;
import org.promptstudio.vcs.PromptDiff;
import org.promptstudio.vcs.PromptLabel;
import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.PromptVersions;
import org.promptstudio.vcs.SaveResult;
import org.promptstudio.vcs.VcsException;
import org.promptstudio.vcs.VersionSpec;

/**
 * Prompt versions by prompt id ({@code answer}, {@code answer.formal}, {@code _rules} or {@code prompts/answer.prompt}):
 * finds the file, checks the template and finds its partials before a save, and hands the rest to
 * {@link PromptVersions}. Version specs are those of {@link VersionSpec}.
 */
public final class Versions {

    /** A version shown: {@code version} is null for the working copy. */
    public record Shown(String path, PromptVersion version, String content) {
    }

    private final PromptLibrary prompts;
    private final PromptVersions versions;
    private final java.nio.file.Path root;

    Versions(java.nio.file.Path root, PromptLibrary prompts, PromptVersions versions) {
        this.root = root;
        this.prompts = prompts;
        this.versions = versions;
    }

    /** The vcs service itself, for callers that already have paths. */
    public PromptVersions byPath() {
        return versions;
    }

    /** The workspace-relative path of a prompt: one on disk, else one that only has saved versions. */
    public String path(String prompt) {
        String id = prompt.replace('\\', '/');
        Optional<PromptRef> ref = prompts.find(id);
        if (ref.isPresent()) return ref.get().relativePath();
        String dir = prompts.directory().getFileName().toString();
        String name = id.substring(id.lastIndexOf('/') + 1);
        if (!name.endsWith(PromptLibrary.EXTENSION)) name += PromptLibrary.EXTENSION;
        String path = dir + "/" + name;
        if (Files.isRegularFile(prompts.directory().resolve(name))) return path; // a partial
        if (!name.startsWith("_") && !versions.history(path).isEmpty()) return path; // deleted, but saved before
        prompts.require(prompt); // throws, listing the prompts there are
        return path;
    }

    public List<PromptVersion> history(String prompt) {
        return versions.history(path(prompt));
    }

    public PromptVersion resolve(String prompt, String spec) {
        return versions.resolve(path(prompt), spec);
    }

    public String contentAt(String prompt, String spec) {
        return versions.contentAt(path(prompt), spec);
    }

    /** {@code answer@production}, {@code answer@3}, {@code answer@working}; {@code answer} alone is the latest version. */
    public Shown show(String promptAtSpec) {
        VersionSpec.PromptAt at = VersionSpec.promptAt(promptAtSpec);
        String path = path(at.prompt());
        if (VersionSpec.parse(at.spec()) instanceof VersionSpec.Working) {
            return new Shown(path, null, versions.contentAt(path, at.spec()));
        }
        PromptVersion v = versions.resolve(path, at.spec());
        return new Shown(path, v, versions.contentAt(path, v.commitId()));
    }

    /**
     * Saves a prompt: refuses a template that does not compile (file:line:column, nothing committed), then commits
     * the prompt and the partials it uses that changed.
     */
    public SaveResult save(String prompt, String message) {
        String path = path(prompt);
        java.nio.file.Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) throw new VcsException(path + ": no such file");
        ParsedPrompt parsed = prompts.parse(PromptLibrary.readText(file, path), path);
        prompts.check(parsed);
        return versions.save(path, message, prompts.partialFiles(parsed));
    }

    public LabelChange label(String prompt, String label, String spec) {
        return versions.label(path(prompt), label, spec);
    }

    public PromptVersion removeLabel(String prompt, String label) {
        return versions.removeLabel(path(prompt), label);
    }

    public List<PromptLabel> labels(String prompt) {
        return versions.labels(path(prompt));
    }

    public SaveResult restore(String prompt, String spec, String message) {
        return versions.restore(path(prompt), spec, message);
    }

    public PromptDiff diff(String prompt, String from, String to) {
        return versions.diff(path(prompt), from, to);
    }

    /**
     * Renames a prompt ({@code studio mv answer reply}); the new name is an id or file name in the same folder. History
     * and labels follow.
     */
    public SaveResult move(String prompt, String newName) {
        String from = path(prompt);
        String name = newName.replace('\\', '/');
        String dir = prompts.directory().getFileName().toString();
        if (name.startsWith(dir + "/")) name = name.substring(dir.length() + 1);
        if (name.endsWith(PromptLibrary.EXTENSION)) name = name.substring(0, name.length() - PromptLibrary.EXTENSION.length());
        if (name.isBlank() || name.contains("/") || name.startsWith(".") || !name.matches("[\\w.-]+")) {
            throw new VcsException("'" + newName + "' cannot be a prompt name: use letters, digits, '.', '_' or '-' "
                    + "(prompts live in " + dir + "/)");
        }
        return versions.move(from, dir + "/" + name + PromptLibrary.EXTENSION, null);
    }
}
