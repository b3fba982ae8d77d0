package org.promptstudio.vcs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The commits that changed one file, newest first, following renames: what {@code git log --follow -- PATH} lists.
 * A walk with a path filter finds the commits (with git's history simplification at merges); where the file
 * appears, rename detection on that commit tells whether it had another name before, and the walk goes on there.
 */
final class VersionHistory {

    /** A commit that changed the file, and the file's path in it. */
    record Entry(RevCommit commit, String path) {
    }

    private VersionHistory() {
    }

    static List<Entry> walk(Repository repo, ObjectId start, String path) throws IOException {
        List<Entry> out = new ArrayList<>();
        String current = path;
        ObjectId from = start;
        try (RevWalk parents = new RevWalk(repo)) {
            while (from != null) {
                ObjectId next = null;
                String older = null;
                try (RevWalk walk = new RevWalk(repo)) {
                    walk.setRewriteParents(false);
                    walk.sort(RevSort.TOPO);
                    walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(current), TreeFilter.ANY_DIFF));
                    walk.markStart(walk.parseCommit(from));
                    for (RevCommit c : walk) {
                        if (!exists(repo, c, current)) continue; // the commit that deleted it: not a version
                        out.add(new Entry(c, current));
                        RevCommit real = parents.parseCommit(c);
                        if (real.getParentCount() == 0) break;
                        RevCommit parent = parents.parseCommit(real.getParent(0));
                        if (!exists(repo, parent, current)) {
                            older = renamedFrom(repo, parent, real, current);
                            if (older != null) next = parent;
                            break;
                        }
                    }
                }
                from = next;
                current = older;
            }
        }
        return out;
    }

    private static boolean exists(Repository repo, RevCommit c, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
            return tw != null;
        }
    }

    /** The path {@code path} had in {@code parent}, when {@code commit} renamed it; null when it was created there. */
    private static String renamedFrom(Repository repo, RevCommit parent, RevCommit commit, String path) throws IOException {
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.setRecursive(true);
            tw.addTree(parent.getTree());
            tw.addTree(commit.getTree());
            tw.setFilter(TreeFilter.ANY_DIFF);
            RenameDetector detector = new RenameDetector(repo);
            detector.addAll(DiffEntry.scan(tw));
            for (DiffEntry e : detector.compute()) {
                if (e.getChangeType() == DiffEntry.ChangeType.RENAME && e.getNewPath().equals(path)) return e.getOldPath();
            }
            return null;
        }
    }
}
