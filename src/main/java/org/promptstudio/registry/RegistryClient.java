package org.promptstudio.registry;

import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes prompt versions to one registry and reads them back, through a local cache clone (a bare repository,
 * normally {@code .studio/registries/<name>/} of the workspace). Each operation fetches first, so it sees what others
 * published. A publish builds one commit on the fetched tip (the version's files plus the index with its entry) and
 * pushes it; when the remote rejects the push because someone else published in between, it fetches again, re-applies
 * the entry to the new index and pushes again, a bounded number of times with backoff (decision 0007).
 *
 * <p>The registry's URL is passed to each fetch and push and never written to the cache's config, so credentials in it
 * stay where the user put them. Safe to use from several threads and processes: they take turns on the cache.
 */
public final class RegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);

    /** The branch of a registry whose HEAD names none yet (an empty remote that does not say) and none is configured. */
    public static final String DEFAULT_BRANCH = "main";
    private static final String TRACKING = "refs/remotes/registry/";
    private static final int TIMEOUT_SECONDS = 60;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final RegistryRemote remote;
    private final Path cacheDir;
    private final RetryPolicy retry;
    private final IntConsumer beforePush;
    private final SystemSsh ssh;

    public RegistryClient(RegistryRemote remote, Path cacheDir) {
        this(remote, cacheDir, RetryPolicy.DEFAULT, attempt -> { }, SystemSsh.fromEnvironment());
    }

    private RegistryClient(RegistryRemote remote, Path cacheDir, RetryPolicy retry, IntConsumer beforePush,
                           SystemSsh ssh) {
        this.remote = remote;
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.retry = retry;
        this.beforePush = beforePush;
        this.ssh = ssh;
    }

    public RegistryClient withRetry(RetryPolicy policy) {
        return new RegistryClient(remote, cacheDir, policy, beforePush, ssh);
    }

    /**
     * Runs {@code hook} with the attempt number (1, 2, ...) after each publish commit is built and before it is pushed:
     * the moment another publisher can get in between, which tests use to make a race happen every time. The hook
     * runs while this client holds its cache, so it must not use a client of the same cache.
     */
    public RegistryClient withBeforePush(IntConsumer hook) {
        return new RegistryClient(remote, cacheDir, retry, hook, ssh);
    }

    /** Runs {@code ssh://} remotes through {@code program} instead of {@code ssh} or {@code GIT_SSH}. */
    RegistryClient withSshProgram(String program) {
        return new RegistryClient(remote, cacheDir, retry, beforePush, new SystemSsh(program));
    }

    public RegistryRemote remote() {
        return remote;
    }

    /**
     * Publishes one version as the prompt's next registry version: the registry, not the workspace, numbers what it
     * holds (1, 2, 3 ... per prompt in the order published), so two authors never want the same number. The number
     * is chosen on the fetched index and chosen again when a push loses a race. Nothing is pushed when the registry
     * holds a version of the prompt with the same checksum already: the result names that version.
     *
     * @throws RegistryException when the push is rejected more often than the retry policy allows, or when the remote
     *                           cannot be reached
     */
    public PublishResult publish(PublishRequest request, GitIdentity publisher) {
        String what = request.name() + " (local version " + request.localVersion() + ")";
        String checksum = request.checksum();
        return withCache(git -> {
            for (int attempt = 1; ; attempt++) {
                Tip tip = fetch(git);
                RegistryIndex index = readIndex(git.getRepository(), tip.id());
                var same = index.versionsOf(request.name()).stream().filter(v -> v.checksum().equals(checksum)).findFirst();
                if (same.isPresent()) {
                    LOG.info("{} is in registry {} already as {}; nothing to publish", what, remote, same.get().id());
                    return new PublishResult(false, same.get(), tip.id().name(), attempt);
                }
                int number = index.latest(request.name()).map(v -> v.version() + 1).orElse(1);
                PublishedVersion entry = entry(request, number, checksum);
                ObjectId commit = commit(git.getRepository(), tip.id(), index.with(entry), request, entry, publisher);
                beforePush.accept(attempt);
                Rejection rejection = push(git, tip.branch(), commit);
                if (rejection == null) {
                    LOG.info("published {} to registry {} as {} in {} (attempt {})", what, remote, entry.id(),
                            commit.name(), attempt);
                    return new PublishResult(true, entry, commit.name(), attempt);
                }
                if (!rejection.retryable()) {
                    throw new RegistryException("registry " + remote.name() + ": the remote refused " + what + ": "
                            + rejection.reason());
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new RegistryException("registry " + remote.name() + ": could not publish " + what + " after "
                            + attempt + " attempts: others kept publishing at the same time (" + rejection.reason()
                            + "); try again");
                }
                Duration wait = retry.delayBefore(attempt + 1, ThreadLocalRandom.current().nextDouble());
                LOG.debug("push of {} to {} rejected ({}); retrying in {} ms", what, remote, rejection.reason(),
                        wait.toMillis());
                sleep(wait);
            }
        });
    }

    /** The branch this client publishes to and reads from: the configured one, else the one the remote's HEAD names. */
    public String branch() {
        return withCache(git -> fetch(git).branch());
    }

    /** The registry's index as it is on the remote now (empty when nothing was published yet). */
    public RegistryIndex index() {
        return withCache(git -> readIndex(git.getRepository(), fetch(git).id()));
    }

    /**
     * Reads a published version, {@code version} null for the latest, and checks its files against the index's
     * checksum.
     *
     * @throws RegistryException when the prompt or version is not published, or its files do not match the checksum
     */
    public PulledPrompt pull(String name, Integer version) {
        return withCache(git -> {
            Repository repo = git.getRepository();
            ObjectId tip = fetch(git).id();
            RegistryIndex index = readIndex(repo, tip);
            PublishedVersion entry = (version == null ? index.latest(name) : index.find(name, version))
                    .orElseThrow(() -> notPublished(index, name, version));
            String id = entry.id();
            Map<String, byte[]> files = readFolder(repo, tip, RegistryLayout.versionFolder(name, entry.version()));
            files.remove(RegistryLayout.PROVENANCE); // where it came from: not part of the version, not checksummed
            byte[] prompt = files.remove(RegistryLayout.promptFile(name));
            if (prompt == null) {
                throw new RegistryException("registry " + remote.name() + ": " + id + ": "
                        + RegistryLayout.versionFolder(name, entry.version()) + "/" + RegistryLayout.promptFile(name)
                        + " is missing");
            }
            String actual = Checksums.ofFiles(RegistryLayout.promptFile(name), prompt, files);
            if (!actual.equals(entry.checksum())) {
                throw new RegistryException("registry " + remote.name() + ": " + id + ": checksum mismatch (the index"
                        + " says " + entry.checksum() + ", the files give " + actual + "); the registry was changed"
                        + " outside Prompt Studio");
            }
            Map<String, String> partials = new TreeMap<>();
            for (var f : files.entrySet()) {
                partials.put(RegistryLayout.partialName(f.getKey()), text(f.getValue(), id + ": " + f.getKey()));
            }
            return new PulledPrompt(remote, entry, text(prompt, id + ": " + RegistryLayout.promptFile(name)), partials,
                    tip.name());
        });
    }

    private RegistryException notPublished(RegistryIndex index, String name, Integer version) {
        List<PublishedVersion> versions = index.versionsOf(name);
        if (versions.isEmpty()) {
            List<String> names = index.names();
            return new RegistryException("registry " + remote.name() + " has no prompt '" + name + "' (published: "
                    + (names.isEmpty() ? "none yet" : String.join(", ", names)) + ")");
        }
        return new RegistryException("registry " + remote.name() + " has no " + name + "@" + version
                + " (published versions: " + String.join(", ",
                        versions.stream().map(v -> Integer.toString(v.version())).toList()) + ")");
    }

    private PublishedVersion entry(PublishRequest r, int number, String checksum) {
        String folder = RegistryLayout.versionFolder(r.name(), number);
        List<String> files = new ArrayList<>();
        files.add(folder + "/" + RegistryLayout.promptFile(r.name()));
        r.partials().keySet().forEach(p -> files.add(folder + "/" + RegistryLayout.partialFile(p)));
        return new PublishedVersion(r.name(), number, r.sourceCommit(), r.labels(), r.description(), r.model(),
                r.inputSchema(), r.author(), r.date(), checksum, files, r.localVersion(), r.workspace());
    }

    /** {@code provenance.json} of a version folder: where the version came from and who published it. */
    private static byte[] provenance(PublishedVersion v, GitIdentity publisher) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var n = json.createObjectNode();
        n.put("name", v.name());
        n.put("version", v.version());
        n.put("localVersion", v.localVersion());
        n.put("sourceCommit", v.sourceCommit());
        n.put("workspace", v.workspace());
        n.put("author", v.author());
        n.put("date", v.date() == null ? null : v.date().toString());
        n.put("publishedBy", publisher.name() + " <" + publisher.email() + ">");
        n.put("checksum", v.checksum());
        try {
            return (json.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    // --- git work on the cache -------------------------------------------------------------------------------

    private interface CacheWork<T> {
        T run(Git git) throws IOException, GitAPIException;
    }

    /** Runs {@code work} on the cache clone, one at a time per cache across threads and processes. */
    private <T> T withCache(CacheWork<T> work) {
        ReentrantLock lock = LOCKS.computeIfAbsent(cacheDir, d -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(cacheDir);
            try (RandomAccessFile lockFile = new RandomAccessFile(cacheDir.resolve("studio.lock").toFile(), "rw");
                 FileLock ignored = lockFile.getChannel().lock();
                 Git git = new Git(openCache())) {
                return work.run(git);
            }
        } catch (RegistryException e) {
            throw e;
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new RegistryException("registry " + remote.name() + ": " + remote.scrub(reason(e)), scrubbed(e));
        } finally {
            lock.unlock();
        }
    }

    private Repository openCache() throws IOException, GitAPIException {
        Repository repo;
        if (Files.isRegularFile(cacheDir.resolve("HEAD")) && Files.isDirectory(cacheDir.resolve("objects"))) {
            repo = new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setBare().setMustExist(true).build();
        } else {
            try (var entries = Files.list(cacheDir)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().equals("studio.lock"))) {
                    throw new RegistryException("registry " + remote.name() + ": the cache " + cacheDir
                            + " is not a git repository; delete that folder and try again");
                }
            }
            repo = Git.init().setBare(true).setDirectory(cacheDir.toFile()).setInitialBranch(DEFAULT_BRANCH).call()
                    .getRepository();
        }
        // A fetch may start JGit's auto-gc; in the background it could be cut off when a command's JVM exits and
        // leave a lock behind, so it runs in the foreground, while the cache is ours (it rarely has work to do).
        StoredConfig config = repo.getConfig();
        if (config.getBoolean("gc", "autoDetach", true)) {
            config.setBoolean("gc", null, "autoDetach", false);
            config.save();
        }
        return repo;
    }

    /** The registry's branch and its tip (null when nothing was ever published there). */
    private record Tip(String branch, ObjectId id) {
    }

    /**
     * Fetches the registry's branches and chooses the one to use: the configured branch, else the one the remote's
     * HEAD names (so a plain {@code git clone} of the registry checks out what was published), else, for a remote
     * that does not say, its only branch or {@code main}.
     */
    private Tip fetch(Git git) throws GitAPIException {
        FetchResult result;
        try {
            result = git.fetch()
                    .setRemote(remote.url())
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + TRACKING + "*"))
                    .setRemoveDeletedRefs(true)
                    .setTimeout(TIMEOUT_SECONDS)
                    .setTransportConfigCallback(transport())
                    .call();
        } catch (InvalidRemoteException | TransportException e) {
            throw new RegistryException("registry " + remote.name() + ": cannot fetch from " + remote.displayUrl()
                    + ": " + transportReason(e), scrubbed(e));
        }
        String branch = branchOf(result);
        Ref tip = result.getAdvertisedRef(Constants.R_HEADS + branch);
        return new Tip(branch, tip == null ? null : tip.getObjectId());
    }

    private String branchOf(FetchResult result) {
        if (remote.branch() != null) return remote.branch();
        List<Ref> heads = result.getAdvertisedRefs().stream()
                .filter(r -> r.getName().startsWith(Constants.R_HEADS)).toList();
        Ref head = result.getAdvertisedRef(Constants.HEAD);
        if (head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            return head.getTarget().getName().substring(Constants.R_HEADS.length());
        }
        String local = localHeadBranch();
        if (local != null) return local;
        if (head == null && !heads.isEmpty()) {
            String advertised = remoteHeadBranch(); // a fetch over protocol v2 lists only the refs it asked for
            if (advertised != null) return advertised;
        }
        if (head != null && head.getObjectId() != null) {
            // A server that does not say where HEAD points: the branch at the same commit, as git clone guesses.
            List<Ref> same = heads.stream().filter(r -> head.getObjectId().equals(r.getObjectId())).toList();
            if (same.size() == 1) return same.get(0).getName().substring(Constants.R_HEADS.length());
        }
        if (heads.size() == 1) return heads.get(0).getName().substring(Constants.R_HEADS.length());
        if (heads.isEmpty() || heads.stream().anyMatch(r -> r.getName().equals(Constants.R_HEADS + DEFAULT_BRANCH))) {
            return DEFAULT_BRANCH;
        }
        throw new RegistryException("registry " + remote.name() + ": cannot tell which branch to use (it has "
                + String.join(", ", heads.stream().map(r -> r.getName().substring(Constants.R_HEADS.length()))
                        .sorted().toList()) + " and does not say which its HEAD names); set 'branch' for it in studio.yaml");
    }

    /** The branch the remote's HEAD names, as {@code git ls-remote --symref} shows it; null when it does not say. */
    private String remoteHeadBranch() {
        try {
            Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(remote.url()).setHeads(false).setTags(false)
                    .setTimeout(TIMEOUT_SECONDS).setTransportConfigCallback(transport()).callAsMap();
            Ref head = refs.get(Constants.HEAD);
            if (head == null || !head.isSymbolic()) return null;
            String target = head.getTarget().getName();
            return target.startsWith(Constants.R_HEADS) ? target.substring(Constants.R_HEADS.length()) : null;
        } catch (GitAPIException | RuntimeException e) {
            LOG.debug("cannot ask {} where its HEAD points", remote, e);
            return null;
        }
    }

    /**
     * The branch HEAD names in a registry on this machine (a path or {@code file://} URL), read from the repository
     * itself: a remote with no commits yet advertises no HEAD, but its HEAD still names the branch a clone checks out.
     */
    private String localHeadBranch() {
        java.io.File dir;
        String url = remote.url();
        if (url.startsWith("file://")) {
            try {
                dir = new java.io.File(new java.net.URI(url));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        } else if (RegistryRemote.isPlainPath(url)) {
            dir = new java.io.File(url);
        } else {
            return null;
        }
        java.io.File gitDir = org.eclipse.jgit.lib.RepositoryCache.FileKey.resolve(dir, org.eclipse.jgit.util.FS.DETECTED);
        if (gitDir == null) return null;
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build()) {
            Ref head = repo.exactRef(Constants.HEAD);
            if (head == null || !head.isSymbolic()) return null;
            String target = head.getTarget().getName();
            return target.startsWith(Constants.R_HEADS) ? target.substring(Constants.R_HEADS.length()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Pushes {@code commit} to the registry's branch; null when accepted, else why not. */
    private Rejection push(Git git, String branch, ObjectId commit) throws IOException, GitAPIException {
        String ref = Constants.R_HEADS + branch;
        RefUpdate local = git.getRepository().updateRef(ref);
        local.setNewObjectId(commit);
        local.setForceUpdate(true);
        RefUpdate.Result updated = local.update();
        if (updated != RefUpdate.Result.NEW && updated != RefUpdate.Result.FORCED
                && updated != RefUpdate.Result.NO_CHANGE && updated != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot update the cache's " + branch + ": " + updated);
        }
        Iterable<PushResult> results;
        try {
            results = git.push()
                    .setRemote(remote.url())
                    .setRefSpecs(new RefSpec(ref + ":" + ref))
                    .setTimeout(TIMEOUT_SECONDS)
                    .setTransportConfigCallback(transport())
                    .call();
        } catch (InvalidRemoteException | TransportException e) {
            throw new RegistryException("registry " + remote.name() + ": cannot push to " + remote.displayUrl()
                    + ": " + transportReason(e), scrubbed(e));
        }
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(ref);
            if (update == null) continue;
            RemoteRefUpdate.Status status = update.getStatus();
            String message = update.getMessage() == null ? "" : update.getMessage();
            switch (status) {
                case OK, UP_TO_DATE -> {
                    return null;
                }
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                    return new Rejection(true, "the registry moved on: " + status.name().toLowerCase());
                }
                case REJECTED_OTHER_REASON -> {
                    String m = message.toLowerCase();
                    boolean race = m.contains("lock") || m.contains("fetch first") || m.contains("non-fast-forward")
                            || m.contains("failed to update ref") || m.contains("stale");
                    return new Rejection(race, remote.scrub(message.isBlank() ? status.name() : message));
                }
                default -> {
                    return new Rejection(false, remote.scrub(status + (message.isBlank() ? "" : ": " + message)));
                }
            }
        }
        return new Rejection(false, "the remote did not report on " + ref);
    }

    private record Rejection(boolean retryable, String reason) {
    }

    private TransportConfigCallback transport() {
        return transport -> {
            if (transport instanceof SshTransport sshTransport) sshTransport.setSshSessionFactory(ssh);
        };
    }

    private RegistryIndex readIndex(Repository repo, ObjectId tip) throws IOException {
        if (tip == null) return RegistryIndex.empty();
        byte[] json = readFile(repo, tip, RegistryLayout.INDEX);
        String where = "registry " + remote.name() + ": " + RegistryLayout.INDEX;
        return json == null ? RegistryIndex.empty() : RegistryIndex.parse(json, where);
    }

    private static byte[] readFile(Repository repo, ObjectId commitId, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevTree tree = walk.parseCommit(commitId).getTree();
            try (TreeWalk tw = TreeWalk.forPath(repo, path, tree)) {
                return tw == null ? null : repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes();
            }
        }
    }

    /** The files directly in {@code folder} at {@code commitId}, by file name. */
    private static Map<String, byte[]> readFolder(Repository repo, ObjectId commitId, String folder) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(walk.parseCommit(commitId).getTree());
            tw.setRecursive(true);
            tw.setFilter(PathFilter.create(folder));
            while (tw.next()) {
                String path = tw.getPathString();
                String name = path.substring(folder.length() + 1);
                if (name.contains("/")) continue;
                files.put(name, repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
            }
        }
        return files;
    }

    /** One commit on {@code tip}: the version's folder (replaced whole), the new index, and a README the first time. */
    private ObjectId commit(Repository repo, ObjectId tip, RegistryIndex index, PublishRequest r, PublishedVersion entry,
                            GitIdentity publisher) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            DirCache cache = DirCache.newInCore();
            RevCommit parent = tip == null ? null : walk.parseCommit(tip);
            if (parent != null) {
                DirCacheBuilder builder = cache.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
                builder.finish();
            }
            String folder = RegistryLayout.versionFolder(r.name(), entry.version());
            DirCacheEditor editor = cache.editor();
            editor.add(new DirCacheEditor.DeleteTree(folder));
            put(editor, inserter, folder + "/" + RegistryLayout.promptFile(r.name()), r.promptText());
            r.partials().forEach((name, text) ->
                    put(editor, inserter, folder + "/" + RegistryLayout.partialFile(name), text));
            put(editor, inserter, folder + "/" + RegistryLayout.PROVENANCE, provenance(entry, publisher));
            put(editor, inserter, RegistryLayout.INDEX, index.toJson());
            if (parent == null) put(editor, inserter, RegistryLayout.README, RegistryLayout.README_TEXT);
            editor.finish();

            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(cache.writeTree(inserter));
            if (parent != null) commit.setParentId(parent);
            PersonIdent who = new PersonIdent(publisher.name(), publisher.email());
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("Publish " + entry.id() + "\n\n"
                    + "Local-Version: " + r.localVersion() + "\n"
                    + "Source-Commit: " + (r.sourceCommit() == null ? "unknown" : r.sourceCommit()) + "\n"
                    + (r.workspace() == null ? "" : "Workspace: " + r.workspace() + "\n")
                    + "Checksum: " + entry.checksum() + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static void put(DirCacheEditor editor, ObjectInserter inserter, String path, String text) {
        put(editor, inserter, path, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(DirCacheEditor editor, ObjectInserter inserter, String path, byte[] content) {
        ObjectId blob;
        try {
            blob = inserter.insert(Constants.OBJ_BLOB, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        editor.add(new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry ent) {
                ent.setFileMode(FileMode.REGULAR_FILE);
                ent.setObjectId(blob);
            }
        });
    }

    private String text(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RegistryException("registry " + remote.name() + ": " + where + ": not valid UTF-8 text", e);
        }
    }

    /**
     * {@code e} and its causes as copies whose messages have the URL's credentials taken out (stack traces kept), so
     * the details that get logged hold no password or token.
     */
    private Throwable scrubbed(Throwable e) {
        if (e == null) return null;
        RegistryException copy = new RegistryException(e.getClass().getName() + ": " + remote.scrub(e.getMessage()),
                e.getCause() == e ? null : scrubbed(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** JGit's reason without credentials, and without the URL it starts with (the message names it already). */
    private String transportReason(Throwable e) {
        if (e instanceof InvalidRemoteException) return "no git repository there";
        String reason = remote.scrub(reason(e));
        String prefix = remote.displayUrl() + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        return message == null || message.isBlank() ? ErrorText.reason(e) : ErrorText.withoutClassNames(message);
    }

    private void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("registry " + remote.name() + ": interrupted while waiting to retry", e);
        }
    }
}
