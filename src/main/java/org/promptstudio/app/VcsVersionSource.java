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
}
