package org.promptstudio.vcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A prompt's closure at a commit or on disk: the prompt file and every partial it uses, directly or through other
 * partials, with the blob each one has there. Two closures that are equal render the same prompt (decision 0014).
 * The partials a file uses are cached by (path, blob id), which never changes.
 */
final class Closures {

    private static final int CACHED_BLOBS = 4096;

    private final PartialLinks links;
    private final boolean enabled;
    private final Map<String, List<String>> usedByBlob = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > CACHED_BLOBS;
                }
            });

    Closures(PartialLinks links) {
        this.enabled = links != null;
        this.links = links == null ? PartialLinks.none() : links;
    }

    /** Whether partials count at all (else a closure is the prompt file alone). */
    boolean enabled() {
        return enabled;
    }

    /** Path to blob id: the prompt first, then its partials by path; empty when the prompt is not in {@code tree}. */
    Map<String, ObjectId> at(Repository repo, RevTree tree, String promptPath) throws IOException {
        Map<String, ObjectId> out = new LinkedHashMap<>();
        ObjectId prompt = blobId(repo, tree, promptPath);
        if (prompt == null) return out;
        out.put(promptPath, prompt);
        Map<String, ObjectId> partials = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(used(repo, promptPath, prompt));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(promptPath) || partials.containsKey(p)) continue;
            ObjectId id = blobId(repo, tree, p);
            if (id == null) continue;
            partials.put(p, id);
            todo.addAll(used(repo, p, id));
        }
        out.putAll(partials);
        return out;
    }

    /**
     * The closure as it is on disk, each file as git would store it (through its check-in filters: autocrlf, eol,
     * clean filters), path to bytes, the prompt first; empty when the prompt file is missing.
     */
    Map<String, byte[]> onDisk(GitRepository git, String promptPath) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] prompt = git.workingBlob(promptPath);
        if (prompt == null) return out;
        out.put(promptPath, prompt);
        Map<String, byte[]> partials = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(links.used(promptPath, text(prompt)));
        while (!todo.isEmpty()) {
            String p = PromptVersions.checkPath(todo.pop());
            if (p.equals(promptPath) || partials.containsKey(p)) continue;
            byte[] bytes = git.workingBlob(p);
            if (bytes == null) continue;
            partials.put(p, bytes);
            todo.addAll(links.used(p, text(bytes)));
        }
        out.putAll(partials);
        return out;
    }

    /**
     * The files whose blob differs between two closures (one side may lack a file), the prompt first, then by path;
     * empty when the two render the same prompt.
     */
    static List<String> changed(Map<String, ObjectId> before, Map<String, ObjectId> after) {
        List<String> out = new ArrayList<>();
        TreeSet<String> partials = new TreeSet<>();
        String first = after.isEmpty() ? null : after.keySet().iterator().next();
        for (String p : after.keySet()) if (!Objects.equals(before.get(p), after.get(p))) partials.add(p);
        for (String p : before.keySet()) if (!after.containsKey(p)) partials.add(p);
        if (first != null && partials.remove(first)) out.add(first);
        out.addAll(partials);
        return out;
    }

    private List<String> used(Repository repo, String path, ObjectId blob) throws IOException {
        if (!enabled) return List.of();
        String key = path + "\0" + blob.name(); // names resolve beside the file, so the path counts too
        List<String> cached = usedByBlob.get(key);
        if (cached != null) return cached;
        byte[] bytes = repo.open(blob, Constants.OBJ_BLOB).getBytes();
        List<String> found = new ArrayList<>();
        for (String p : links.used(path, text(bytes))) found.add(PromptVersions.checkPath(p));
        List<String> result = List.copyOf(found);
        usedByBlob.put(key, result);
        return result;
    }

    private static ObjectId blobId(Repository repo, RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, tree)) {
            if (walk == null || (walk.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK)
                    != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
                return null;
            }
            return walk.getObjectId(0);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
