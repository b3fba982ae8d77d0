package org.promptstudio.vcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.promptstudio.guard.SecretScanner;
import org.promptstudio.guard.SecretScanner.Finding;

/** Runs the secret scan on what a commit is about to record; every commit this package makes passes here. */
final class CommitGuard {

    /** Files larger than this are not text a user wrote by hand; they are not scanned. */
    private static final int MAX_SCAN_BYTES = 5 * 1024 * 1024;

    private final SecretScanner scanner = new SecretScanner();

    /** Refuses (throws) when any of the files holds a secret; {@code after} tells the user what state things are in. */
    void check(Map<String, byte[]> files, String after) {
        List<Finding> findings = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (bytes.length <= MAX_SCAN_BYTES && !isBinary(bytes)) {
                findings.addAll(scanner.scan(path, new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        if (!findings.isEmpty()) throw new SecretsFoundException(findings, after);
    }

    /** What the index holds that differs from {@code head} (null: no commit yet), path by path. */
    static Map<String, byte[]> stagedChanges(Repository repo, RevCommit head) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setRecursive(true);
            if (head == null) walk.addTree(new EmptyTreeIterator());
            else walk.addTree(head.getTree());
            walk.addTree(new DirCacheIterator(repo.readDirCache()));
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(1);
                if (mode.getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB || mode == FileMode.SYMLINK) continue;
                ObjectId id = walk.getObjectId(1);
                try {
                    out.put(walk.getPathString(), repo.open(id).getCachedBytes(MAX_SCAN_BYTES));
                } catch (org.eclipse.jgit.errors.LargeObjectException e) {
                    // larger than anything written by hand: not scanned
                }
            }
        }
        return out;
    }

    static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) return true;
        }
        return false;
    }
}
