package org.promptstudio.workspace;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a workspace folder and its sub-folders for files created, changed and deleted by anyone (another
 * editor, {@code git checkout}, the command line). Changes are passed on in batches once the folder has been quiet
 * for a while, so one save (a temporary file, a move) or a checkout of many files is one batch. Hidden files and
 * folders ({@code .git}, {@code .studio}, an editor's {@code .x.swp}) are ignored.
 *
 * <p>One daemon thread per watcher; {@link #close()} stops it.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    /** Stands in a batch for "anything may have changed" (the system dropped events): re-read everything. */
    public static final String EVERYTHING = "";

    /**
     * Stands in a batch for "the checked-out branch changed" ({@code .git/HEAD} was written: a switch of branch, a
     * checkout, a commit on a detached head; a commit on a branch writes only the branch's ref). The rest of
     * {@code .git} is not reported.
     */
    public static final String GIT_HEAD = ".git/HEAD";

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    private final Duration quiet;
    private final Consumer<SortedSet<String>> onChange;
    private final Thread thread;
    private volatile boolean closed;
    /** The key of the {@code .git} folder itself (not its sub-folders), for {@link #GIT_HEAD}; null without one. */
    private WatchKey gitDir;

    private FileWatcher(Path root, Duration quiet, Consumer<SortedSet<String>> onChange) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.quiet = quiet;
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(this.root);
        Path git = this.root.resolve(".git");
        if (Files.isDirectory(git)) {
            gitDir = git.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        }
        thread = new Thread(this::loop, "studio-file-watcher");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code root}. {@code onChange} gets, on the watcher's own thread, the paths that changed (from the
     * root, with forward slashes, sorted: {@code prompts/a.prompt}), after {@code quiet} without any change; a
     * folder's path stands for everything in it, {@link #EVERYTHING} for the whole workspace.
     *
     * @throws WorkspaceException when the system cannot watch the folder (one line naming it)
     */
    public static FileWatcher start(Path root, Duration quiet, Consumer<SortedSet<String>> onChange) {
        try {
            FileWatcher watcher = new FileWatcher(root, quiet, onChange);
            watcher.thread.start();
            return watcher;
        } catch (IOException e) {
            throw new WorkspaceException(root + ": cannot watch for changes: " + e.getMessage(), e);
        }
    }

    private void registerTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && hidden(d)) return FileVisitResult.SKIP_SUBTREE;
                WatchKey key = d.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                dirs.put(key, d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void loop() {
        SortedSet<String> pending = new TreeSet<>();
        try {
            while (!closed) {
                WatchKey key = pending.isEmpty() ? service.take() : service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    deliver(pending);
                    pending = new TreeSet<>();
                    continue;
                }
                collect(key, pending);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void collect(WatchKey key, SortedSet<String> pending) {
        if (key == gitDir) {
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || "HEAD".equals(String.valueOf(event.context()))) {
                    pending.add(GIT_HEAD);
                }
            }
            key.reset();
            return;
        }
        Path dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
                pending.add(EVERYTHING);
                continue;
            }
            Path child = dir.resolve((Path) event.context());
            if (hidden(child)) continue;
            pending.add(relative(child));
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                try {
                    registerTree(child); // a new folder: watch it too, and report what is already in it
                    try (var inside = Files.walk(child)) {
                        inside.filter(p -> !p.equals(child)).forEach(p -> pending.add(relative(p)));
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    LOG.debug("cannot watch the new folder {}", child, e);
                    pending.add(EVERYTHING);
                }
            }
        }
        if (!key.reset()) dirs.remove(key); // the folder is gone
    }

    private void deliver(SortedSet<String> batch) {
        if (closed) return;
        try {
            onChange.accept(java.util.Collections.unmodifiableSortedSet(batch));
        } catch (RuntimeException e) {
            LOG.warn("a listener of {} failed", root, e);
        }
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** The folders watched now, from the root ({@code ""} for the root itself), sorted: for tests and diagnostics. */
    public List<String> watchedFolders() {
        return dirs.values().stream().map(this::relative).sorted().toList();
    }

    /** Stops watching; a batch being delivered at this moment still ends, no later one starts. */
    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service of {}", root, e);
        }
        thread.interrupt();
    }
}
