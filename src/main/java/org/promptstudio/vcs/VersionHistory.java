package org.promptstudio.vcs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The versions of a prompt, newest first, following renames: the commits that changed its closure (the prompt file or
 * a partial it uses, directly or through other partials; decision 0014). Without partials this is what
 * {@code git log --follow -- PATH} lists. A walk with a path filter (the prompt's folder, where its partials live)
 * finds the candidate commits, with git's history simplification at merges; a candidate is a version when its closure
 * differs from its parent's (at a merge: from every parent's). Where the file appears, rename detection on that commit
 * tells whether it had another name before, and the walk goes on there.
 */
final class VersionHistory {

    /**
     * A commit that is a version, the prompt's path in it, and the files of the closure it changed (the prompt first;
     * every file of the closure where the prompt was created or renamed).
     */
    record Entry(RevCommit commit, String path, List<String> changed) {
        Entry {
            changed = List.copyOf(changed);
        }
    }

    /**
     * The versions found, newest first, and whether they are all of them: false when the walk reached a commit of a
     * shallow clone whose parents are missing while the prompt was already there, so older versions may exist that
     * this clone does not have and no version can be numbered.
     */
    record Walk(List<Entry> entries, boolean complete) {
        Walk {
            entries = List.copyOf(entries);
        }
    }

    private VersionHistory() {
    }

    static Walk walk(Repository repo, ObjectId start, String path, Closures closures) throws IOException {
        List<Entry> out = new ArrayList<>();
        boolean complete = true;
        java.util.Set<ObjectId> shallow = repo.getObjectDatabase().getShallowCommits();
        String current = path;
        ObjectId from = start;
        // Each commit's closure is read once: in a straight history it is the next commit's parent's too.
        Map<String, Map<String, ObjectId>> seen = new java.util.HashMap<>();
        try (RevWalk parents = new RevWalk(repo)) {
            while (from != null) {
                ObjectId next = null;
                String older = null;
                try (RevWalk walk = new RevWalk(repo)) {
                    walk.setRewriteParents(false);
                    walk.sort(RevSort.TOPO);
                    walk.setTreeFilter(AndTreeFilter.create(filter(current, closures), TreeFilter.ANY_DIFF));
                    walk.markStart(walk.parseCommit(from));
                    for (RevCommit c : walk) {
                        RevCommit real = parents.parseCommit(c);
                        Map<String, ObjectId> mine = closure(repo, closures, seen, real, current);
                        if (mine.isEmpty()) continue; // the commit that deleted it: not a version
                        if (real.getParentCount() == 0) {
                            // A shallow clone's boundary looks like a first commit; the prompt may be older.
                            if (shallow.contains(real)) complete = false;
                            out.add(new Entry(c, current, List.copyOf(mine.keySet())));
                            break;
                        }
                        RevCommit parent = parents.parseCommit(real.getParent(0));
                        Map<String, ObjectId> before = closure(repo, closures, seen, parent, current);
                        if (before.isEmpty()) {
                            out.add(new Entry(c, current, List.copyOf(mine.keySet())));
                            older = renamedFrom(repo, parent, real, current);
                            if (older != null) next = parent;
                            break;
                        }
                        List<String> changed = Closures.changed(before, mine);
                        if (changed.isEmpty()) continue;
                        boolean sameAsAnother = false;
                        for (int i = 1; i < real.getParentCount() && !sameAsAnother; i++) {
                            RevCommit other = parents.parseCommit(real.getParent(i));
                            sameAsAnother = closure(repo, closures, seen, other, current).equals(mine);
                        }
                        if (!sameAsAnother) out.add(new Entry(c, current, changed));
                    }
                }
                from = next;
                current = older;
            }
        }
        return new Walk(out, complete);
    }

    private static Map<String, ObjectId> closure(Repository repo, Closures closures, Map<String, Map<String, ObjectId>> seen,
                                                 RevCommit commit, String path) throws IOException {
        String key = commit.getName() + "\0" + path;
        Map<String, ObjectId> known = seen.get(key);
        if (known != null) return known;
        Map<String, ObjectId> found = closures.at(repo, commit.getTree(), path);
        seen.put(key, found);
        return found;
    }

    /** The prompt alone, or its folder when partials count (they live beside the prompt). */
    private static TreeFilter filter(String path, Closures closures) {
        if (!closures.enabled()) return PathFilter.create(path);
        int slash = path.lastIndexOf('/');
        return slash < 0 ? TreeFilter.ALL : PathFilter.create(path.substring(0, slash));
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
