package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.promptstudio.model.StudioException;
import org.promptstudio.registry.GitIdentity;
import org.promptstudio.registry.PublishRequest;
import org.promptstudio.registry.PublishResult;
import org.promptstudio.registry.PublishedVersion;
import org.promptstudio.registry.PulledPrompt;
import org.promptstudio.registry.Registries;
import org.promptstudio.registry.RegistryClient;
import org.promptstudio.registry.RegistryRemote;
import org.promptstudio.registry.RetryPolicy;
import org.promptstudio.registry.WorkspaceGit;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PartialReferences;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.workspace.RegistryConfig;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.workspace.AtomicWrite;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's side of the shared registries: publishes a saved version of a prompt with the partials it uses (as
 * they were in that version), lists what a registry holds, and pulls a published version into {@code prompts/} as a
 * new commit whose message says where it came from. Each registry is worked on through a cache clone in
 * {@code .studio/registries/<name>/}, which is never committed.
 */
public final class PromptPublishing {

    private static final Logger LOG = LoggerFactory.getLogger(PromptPublishing.class);
    private static final Pattern PROMPT_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)?");

    /**
     * What a publish did.
     *
     * @param version        the registry's entry: {@code version().version()} is the registry's number, which the
     *                       registry chose (decision 0015); {@code localVersion()} the workspace's
     * @param isNew          false when the registry had this content already (nothing was pushed)
     * @param registryCommit the registry commit holding the version
     * @param attempts       pushes it took; more than 1 when others published at the same time
     * @param notes          remarks for the user (e.g. unsaved changes that were not published)
     */
    public record Published(RegistryRemote registry, PublishedVersion version, boolean isNew, String registryCommit,
                            int attempts, List<String> notes) {
    }

    /** What a registry holds, every version of every prompt. */
    public record Listing(RegistryRemote registry, List<PublishedVersion> versions) {
    }

    /**
     * What a pull did.
     *
     * @param commit the new workspace commit, or null when the workspace had exactly these files already
     * @param files  the workspace files written, relative ({@code prompts/answer.prompt})
     */
    public record Pulled(RegistryRemote registry, PublishedVersion version, String commit, List<String> files) {
    }

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final PromptVersionSource versions;
    private final RetryPolicy retry;
    private final IntConsumer beforePush;

    public PromptPublishing(Workspace workspace, PromptLibrary prompts, PromptVersionSource versions) {
        this(workspace, prompts, versions, RetryPolicy.DEFAULT, attempt -> { });
    }

    private PromptPublishing(Workspace workspace, PromptLibrary prompts, PromptVersionSource versions,
                             RetryPolicy retry, IntConsumer beforePush) {
        this.workspace = workspace;
        this.prompts = prompts;
        this.versions = versions;
        this.retry = retry;
        this.beforePush = beforePush;
    }

    /**
     * For tests: this service retrying rejected pushes as {@code policy} says, running {@code hook} between building a
     * publish commit and pushing it (see {@link RegistryClient#withBeforePush}).
     */
    PromptPublishing withRetry(RetryPolicy policy, IntConsumer hook) {
        return new PromptPublishing(workspace, prompts, versions, policy, hook);
    }

    /**
     * Publishes {@code PROMPT[@LABEL|@N|@COMMIT]} (the latest saved version when no version is named) to
     * {@code registry}: a configured name, a URL or path, or null for the only configured registry.
     */
    public Published publish(String promptAndVersion, String registry) {
        String[] parts = split(promptAndVersion, "PROMPT[@LABEL|@N]");
        String id = promptId(parts[0]);
        String spec = parts[1];
        String path = "prompts/" + id + PromptLibrary.EXTENSION;
        PromptVersionSource.Version version = versions.resolve(path, spec);
        if (version.number() < 1) {
            // A shallow clone cannot count versions; the registry's number must be the true one (decision 0031).
            throw new StudioException(path + ": history is shallow (a shallow clone), so the version number of commit "
                    + version.commitId().substring(0, 7) + " is unknown and it cannot be published; fetch the whole "
                    + "history first (git fetch --unshallow)");
        }
        String where = path + "@" + version.number();
        String text = versions.contentAt(path, version.commitId());
        ParsedPrompt parsed = prompts.parse(text, where);
        PromptMetadata metadata = prompts.renderer().resolveMetadata(parsed, Map.of());
        Map<String, String> partials = partialsOf(parsed, where, version.commitId());

        List<String> notes = new ArrayList<>();
        if (spec == null && differsOnDisk(path, text)) {
            notes.add(path + " has unsaved changes; published the last saved version, " + version.number());
        }
        PublishRequest request = new PublishRequest(id, version.number(), version.commitId(), version.labels(),
                metadata.description(), metadata.model(), metadata.inputSchema(), version.author(), version.time(),
                text, partials, workspace.config().name());
        RegistryClient client = client(registry);
        GitIdentity publisher;
        try (WorkspaceGit git = WorkspaceGit.open(workspace.root())) {
            publisher = git.identity();
        }
        PublishResult result = client.publish(request, publisher);
        return new Published(client.remote(), result.version(), result.published(), result.registryCommit(),
                result.attempts(), notes);
    }

    /** Every version the registry holds, sorted by prompt name and version. */
    public Listing list(String registry) {
        RegistryClient client = client(registry);
        return new Listing(client.remote(), client.index().versions());
    }

    /**
     * Where one registry stands on one prompt, for the history view.
     *
     * @param registry the registry's name in studio.yaml
     * @param versions the versions of the prompt it holds, oldest first; empty when none
     * @param problem  why the registry could not be read (one line: unreachable, not a registry), or null
     */
    public record RegistryState(String registry, List<PublishedVersion> versions, String problem) {
        public RegistryState {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }
    }

    /**
     * What each registry configured in studio.yaml holds of {@code prompt} ({@code answer}, {@code prompts/answer.prompt}),
     * in the order studio.yaml lists them; empty when none is configured. Each registry is fetched (see
     * {@link RegistryClient#index()}); one that cannot be read says why in its {@link RegistryState#problem()} and the
     * others are still read. A version's {@link PublishedVersion#sourceCommit()} is the workspace commit it came from.
     */
    public List<RegistryState> publishedVersions(String prompt) {
        String id = promptId(prompt);
        List<RegistryState> out = new ArrayList<>();
        for (RegistryConfig c : workspace.config().registries()) {
            try {
                List<PublishedVersion> held = client(c.name()).index().versionsOf(id);
                out.add(new RegistryState(c.name(), held, null));
            } catch (StudioException e) {
                LOG.info("cannot read registry {}", c.name(), e);
                out.add(new RegistryState(c.name(), List.of(), org.promptstudio.model.ErrorText.reason(e)));
            }
        }
        return out;
    }

    /**
     * Pulls {@code NAME[@VERSION]} (the latest when no version is given) into {@code prompts/NAME.prompt} and its
     * partials, and commits just those files. Refuses, writing nothing, when one of them has uncommitted changes that
     * the pull would overwrite.
     */
    public Pulled pull(String nameAndVersion, String registry) {
        String[] parts = split(nameAndVersion, "NAME[@VERSION]");
        String id = promptId(parts[0]);
        Integer number = null;
        if (parts[1] != null) {
            try {
                number = Integer.valueOf(parts[1]);
            } catch (NumberFormatException e) {
                throw new StudioException("'" + nameAndVersion + "': the version to pull is a number (" + id + "@3)");
            }
        }
        RegistryClient client = client(registry);
        PulledPrompt pulled = client.pull(id, number);

        Map<String, String> files = new LinkedHashMap<>();
        files.put("prompts/" + id + PromptLibrary.EXTENSION, pulled.promptText());
        pulled.partials().forEach((name, text) -> files.put("prompts/_" + name + PromptLibrary.EXTENSION, text));
        Map<String, String> before = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (var f : files.entrySet()) {
            String current = readIfExists(f.getKey());
            before.put(f.getKey(), current);
            if (!f.getValue().equals(current)) changed.add(f.getKey());
        }
        PublishedVersion v = pulled.version();
        try (WorkspaceGit git = WorkspaceGit.open(workspace.root())) {
            List<String> dirty = git.uncommitted(changed);
            if (!dirty.isEmpty()) {
                throw new StudioException(String.join(", ", dirty) + (dirty.size() == 1 ? " has" : " have")
                        + " uncommitted changes; save or discard them before pulling " + v.id() + " from "
                        + client.remote().name());
            }
            if (changed.isEmpty()) {
                LOG.info("{} from {} is in the workspace already", v.id(), client.remote());
                return new Pulled(client.remote(), v, null, List.copyOf(files.keySet()));
            }
            try {
                for (String path : changed) write(path, files.get(path));
                String commit = git.commit(changed, provenance(pulled), git.identity());
                LOG.info("pulled {} from {} as {}", v.id(), client.remote(), commit);
                return new Pulled(client.remote(), v, commit, changed);
            } catch (RuntimeException e) {
                restore(changed, before);
                throw e;
            }
        }
    }

    private static String provenance(PulledPrompt pulled) {
        PublishedVersion v = pulled.version();
        RegistryRemote r = pulled.registry();
        String registry = r.name().equals(r.displayUrl()) ? r.displayUrl() : r.name() + " " + r.displayUrl();
        return "Pull " + v.id() + " from registry " + r.name() + "\n\n"
                + "Registry: " + registry + "\n"
                + "Registry-Version: " + v.id() + "\n"
                + "Registry-Commit: " + pulled.registryCommit() + "\n"
                + (v.localVersion() == null ? "" : "Source-Version: " + v.localVersion() + "\n")
                + "Source-Commit: " + (v.sourceCommit() == null ? "unknown" : v.sourceCommit()) + "\n"
                + (v.workspace() == null ? "" : "Source-Workspace: " + v.workspace() + "\n")
                + "Checksum: " + v.checksum() + "\n"
                + (v.author() == null ? "" : "Published-Author: " + v.author() + "\n")
                + (v.date() == null ? "" : "Published-Date: " + v.date() + "\n");
    }

    /** The partials the prompt uses, and the ones they use, as they were at {@code commit}. */
    private Map<String, String> partialsOf(ParsedPrompt prompt, String where, String commit) {
        Map<String, String> found = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(PartialReferences.in(prompt.template()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (found.containsKey(name)) continue;
            String path = "prompts/_" + name + PromptLibrary.EXTENSION;
            String text;
            try {
                text = versions.contentAt(path, commit);
            } catch (StudioException e) {
                throw new StudioException(where + ": uses partial '" + name + "', but " + path
                        + " was not there in that version", e);
            }
            found.put(name, text);
            todo.addAll(PartialReferences.in(text));
        }
        return found;
    }

    private RegistryClient client(String registry) {
        List<RegistryRemote> known = new ArrayList<>();
        for (RegistryConfig c : workspace.config().registries()) known.add(new RegistryRemote(c.name(), c.url(), c.branch()));
        RegistryRemote remote = Registries.choose(known, registry, workspace.root());
        Path caches = workspace.stateDir().resolve("registries");
        try {
            Files.createDirectories(caches);
            // The caches are git repositories of their own: keep them out of the workspace's commits even where
            // .gitignore does not list .studio/.
            Path ignore = caches.resolve(".gitignore");
            if (!Files.exists(ignore)) AtomicWrite.write(ignore, "*\n", workspace.relative(ignore));
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(caches) + ": cannot create: " + AtomicFile.reason(e), e);
        }
        return new RegistryClient(remote, caches.resolve(remote.cacheFolderName()))
                .withRetry(retry).withBeforePush(beforePush);
    }

    private static String[] split(String value, String usage) {
        if (value == null || value.isBlank()) throw new StudioException("expected " + usage);
        String v = value.strip();
        int at = v.indexOf('@');
        if (at < 0) return new String[] {v, null};
        String spec = v.substring(at + 1);
        if (spec.isBlank()) throw new StudioException("'" + value + "': nothing after '@' (expected " + usage + ")");
        return new String[] {v.substring(0, at), spec};
    }

    /** {@code answer}, {@code answer.prompt} and {@code prompts/answer.prompt} all name prompt {@code answer}. */
    private static String promptId(String given) {
        String id = given.replace('\\', '/');
        if (id.startsWith("prompts/")) id = id.substring("prompts/".length());
        if (id.endsWith(PromptLibrary.EXTENSION)) id = id.substring(0, id.length() - PromptLibrary.EXTENSION.length());
        if (!PROMPT_ID.matcher(id).matches()) {
            throw new StudioException("'" + given + "' is not a prompt name (letters, digits, '-' and '_', with one '.'"
                    + " before a variant)");
        }
        return id;
    }

    private boolean differsOnDisk(String path, String text) {
        String onDisk = readIfExists(path);
        return onDisk != null && !onDisk.equals(text);
    }

    private String readIfExists(String path) {
        Path file = workspace.root().resolve(path);
        return Files.isRegularFile(file) ? PromptLibrary.readText(file, path) : null;
    }

    private void write(String path, String text) {
        AtomicWrite.write(workspace.root().resolve(path), text, path);
    }

    /** Puts back what a failed pull overwrote, so a failure leaves the workspace as it was. */
    private void restore(List<String> paths, Map<String, String> before) {
        for (String path : paths) {
            try {
                String old = before.get(path);
                if (old == null) {
                    Files.deleteIfExists(workspace.root().resolve(path));
                } else {
                    write(path, old);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot restore {} after a failed pull", path, e);
            }
        }
    }
}
