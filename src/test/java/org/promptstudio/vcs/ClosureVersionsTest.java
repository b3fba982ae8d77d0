package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.git;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision 0014: a prompt's versions are the commits that changed its closure, checked against the git command. */
class ClosureVersionsTest {

    static final String ANSWER = "prompts/answer.prompt";
    static final Pattern INCLUDE = Pattern.compile("\\{\\{#?>\\s*([\\w.-]+)");
    /** {{> name}} names _name.prompt beside the file (the rule app.Versions.partialLinks() applies). */
    static final PartialLinks LINKS = (path, text) -> {
        List<String> out = new ArrayList<>();
        Matcher m = INCLUDE.matcher(text);
        while (m.find()) out.add(path.substring(0, path.lastIndexOf('/') + 1) + "_" + m.group(1) + ".prompt");
        return out;
    };

    @TempDir
    Path dir;

    PromptVersions versions;

    @BeforeEach
    void repository() throws Exception {
        git(dir, "init", "-q", "-b", "main");
        git(dir, "config", "user.name", "Ada Lovelace");
        git(dir, "config", "user.email", "ada@example.org");
        versions = new PromptVersions(dir, () -> null, LINKS);
    }

    void commit(String path, String text, String message) throws Exception {
        Files.createDirectories(dir.resolve(path).getParent());
        Files.writeString(dir.resolve(path), text);
        git(dir, "add", path);
        git(dir, "commit", "-q", "-m", message);
    }

    List<String> subjects() {
        return versions.history(ANSWER).stream().map(PromptVersion::subject).toList();
    }

    @Test
    void onlyChangesToPartialsThePromptUsesThenAreVersions() throws Exception {
        commit("prompts/_outer.prompt", "Outer {{> inner}}\n", "outer");
        commit("prompts/_inner.prompt", "Inner one\n", "inner");
        commit("prompts/_unused.prompt", "Unused\n", "unused");
        commit(ANSWER, "{{> outer}}\n", "answer uses outer");
        commit("prompts/_inner.prompt", "Inner two\n", "inner changed");          // through _outer: a version
        commit("prompts/_unused.prompt", "Unused two\n", "unused changed");      // not used: no version
        commit("prompts/other.prompt", "{{> inner}}\n", "another prompt");       // another file: no version
        commit(ANSWER, "No partials now\n", "answer drops outer");
        commit("prompts/_inner.prompt", "Inner three\n", "inner changed again"); // no longer used: no version

        assertThat(subjects()).containsExactly("answer drops outer", "inner changed", "answer uses outer");
        List<PromptVersion> history = versions.history(ANSWER);
        assertThat(history.get(1).changed()).containsExactly("prompts/_inner.prompt");
        assertThat(history.get(1).changedPartials()).containsExactly("prompts/_inner.prompt");
        assertThat(history.get(2).changed()).containsExactly(ANSWER, "prompts/_inner.prompt", "prompts/_outer.prompt");
        // The same commits git lists for the closure's files while the prompt used them.
        assertThat(lines(git(dir, "log", "--format=%s", "HEAD~2", "--", ANSWER, "prompts/_outer.prompt",
                "prompts/_inner.prompt")).subList(0, 2)).containsExactly("inner changed", "answer uses outer");
    }

    @Test
    void aSaveOfAChangedPartialAloneIsANewVersionAndTheFilesOfAVersionAreItsClosure() throws Exception {
        commit("prompts/_rules.prompt", "Be kind.\n", "rules");
        commit(ANSWER, "{{> rules}}\nHi\n", "answer");
        Files.writeString(dir.resolve("prompts/_rules.prompt"), "Be very kind.\n");

        SaveResult saved = versions.save(ANSWER, "Kinder", List.of("prompts/_rules.prompt"));

        assertThat(saved.promptChanged()).isTrue();
        assertThat(saved.version().number()).isEqualTo(2);
        assertThat(saved.version().changed()).containsExactly("prompts/_rules.prompt");
        assertThat(versions.files(ANSWER, "1").files()).containsExactly(
                java.util.Map.entry(ANSWER, "{{> rules}}\nHi\n"), java.util.Map.entry("prompts/_rules.prompt", "Be kind.\n"));
        assertThat(versions.files(ANSWER, "2").partials()).containsEntry("prompts/_rules.prompt", "Be very kind.\n");
        PromptDiff diff = versions.diff(ANSWER, "1", "2");
        assertThat(diff.identical()).isFalse();
        assertThat(diff.changed()).containsExactly("prompts/_rules.prompt");
        assertThat(diff.unified()).contains("-Be kind.\n+Be very kind.\n");
    }

    @Test
    void labelsAndCommitIdsResolveToClosureVersions() throws Exception {
        commit("prompts/_rules.prompt", "Be kind.\n", "rules");
        commit(ANSWER, "{{> rules}}\n", "answer");
        commit("prompts/_rules.prompt", "Be brief.\n", "brief rules");
        String partialCommit = git(dir, "rev-parse", "HEAD").strip();

        versions.label(ANSWER, "production", "2");

        assertThat(versions.resolve(ANSWER, "production").commitId()).isEqualTo(partialCommit);
        assertThat(versions.resolve(ANSWER, partialCommit.substring(0, 9)).number()).isEqualTo(2);
        assertThat(git(dir, "rev-list", "-n", "1", "prompts/answer/production").strip()).isEqualTo(partialCommit);
    }
}
