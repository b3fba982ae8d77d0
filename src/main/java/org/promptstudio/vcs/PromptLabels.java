package org.promptstudio.vcs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Labels are annotated tags named {@code prompts/<prompt-id>/<label>} ({@code refs/tags/prompts/answer/production}):
 * {@code git tag -l 'prompts/*'} lists them, {@code git show} shows who set them and when, and {@code git push --tags}
 * carries them. Moving a label replaces its tag.
 */
final class PromptLabels {

    static final String TAG_PREFIX = "prompts/";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");

    private PromptLabels() {
    }

    /** {@code prompts/answer.formal.prompt} → {@code answer.formal}: the prompt's id names its tags. */
    static String promptId(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".prompt") ? name.substring(0, name.length() - ".prompt".length()) : name;
    }

    static String tagName(String path, String label) {
        return TAG_PREFIX + promptId(path) + "/" + label;
    }

    private static String refPrefix(String path) {
        return Constants.R_TAGS + TAG_PREFIX + promptId(path) + "/";
    }

    /** Refuses names that could be read as something else (a number, {@code working}) or that git cannot store. */
    static void checkName(String path, String label) {
        if (!LABEL.matcher(label).matches() || label.endsWith(".") || label.contains("..") || label.endsWith(".lock")) {
            throw new VcsException("'" + label + "' cannot be a label: use a letter first, then letters, digits, '.', "
                    + "'_' or '-' (e.g. production, staging, exp-2)");
        }
        if (VersionSpec.RESERVED.contains(label.toLowerCase(java.util.Locale.ROOT))) {
            throw new VcsException("'" + label + "' cannot be a label: it already means a version (" + VersionSpec.RESERVED
                    .stream().sorted().reduce((a, b) -> a + ", " + b).orElse("") + ")");
        }
        if (!Repository.isValidRefName(Constants.R_TAGS + tagName(path, label))) {
            throw new VcsException(path + ": the prompt's name cannot be part of a git tag; rename it to letters, "
                    + "digits, '.', '_' or '-'");
        }
    }

    /** Label name → the commit it points at, for one prompt. */
    static Map<String, ObjectId> all(Repository repo, String path) throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        String prefix = refPrefix(path);
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
            String label = ref.getName().substring(prefix.length());
            if (label.contains("/")) continue;
            ObjectId commit = peel(repo, ref.getObjectId());
            if (commit != null) out.put(label, commit);
        }
        return out;
    }

    /** Commit → its labels, sorted. */
    static Map<ObjectId, List<String>> byCommit(Repository repo, String path) throws IOException {
        Map<ObjectId, List<String>> out = new HashMap<>();
        all(repo, path).forEach((label, commit) -> out.computeIfAbsent(commit, c -> new ArrayList<>()).add(label));
        return out;
    }

    static ObjectId find(Repository repo, String path, String label) throws IOException {
        Ref ref = repo.exactRef(refPrefix(path) + label);
        return ref == null ? null : peel(repo, ref.getObjectId());
    }

    /** Points {@code label} at {@code commit}, replacing the tag if it exists. */
    static void set(GitRepository git, String path, String label, ObjectId commit, String message)
            throws IOException, GitAPIException {
        PersonIdent tagger = git.author();
        try (RevWalk walk = new RevWalk(git.repository())) {
            git.git().tag().setName(tagName(path, label)).setObjectId(walk.parseCommit(commit))
                    .setAnnotated(true).setMessage(message).setTagger(tagger).setSigned(false)
                    .setForceUpdate(true).call();
        }
    }

    static void delete(GitRepository git, String path, String label) throws GitAPIException {
        git.git().tagDelete().setTags(Constants.R_TAGS + tagName(path, label)).call();
    }

    /** Where an annotated or lightweight tag finally points (a commit), or null for a tag of something else. */
    private static ObjectId peel(Repository repo, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevObject o = walk.parseAny(id);
            while (o instanceof RevTag tag) o = walk.parseAny(tag.getObject());
            return o.getType() == Constants.OBJ_COMMIT ? o.getId() : null;
        }
    }
}
