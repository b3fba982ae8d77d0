package org.promptstudio.app;

import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.PromptVersions;

/** Prompt versions for publishing and experiments, read from the workspace's git history. */
final class VcsVersionSource implements PromptVersionSource {

    private final PromptVersions versions;

    VcsVersionSource(PromptVersions versions) {
        this.versions = versions;
    }

    @Override
    public Version resolve(String promptPath, String spec) {
        PromptVersion v = versions.resolve(promptPath, spec == null ? "latest" : spec);
        return new Version(v.number(), v.commitId(), v.authorName() + " <" + v.authorEmail() + ">",
                v.time().toInstant(), v.labels());
    }

    @Override
    public String contentAt(String path, String spec) {
        return versions.contentAt(path, spec);
    }

    @Override
    public java.util.Map<String, String> workingFiles(String promptPath) {
        return versions.files(promptPath, "working").files();
    }

    @Override
    public java.util.Map<String, String> filesAt(String promptPath, String commitId) {
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>(versions.files(promptPath, commitId).files());
        // The prompt may have had another name then: callers look it up by the name they gave.
        String first = files.keySet().iterator().next();
        if (!first.equals(promptPath)) {
            java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
            renamed.put(promptPath, files.remove(first));
            renamed.putAll(files);
            return renamed;
        }
        return files;
    }
}
