package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio diff}, {@code save} and {@code restore} see a prompt through git's own line-ending filters (decision
 * 0030): a file {@code git status} calls clean is unchanged, and a save stores the blob {@code git add} would store.
 * The reference for every expected value is the {@code git} command itself (gitattributes(5): {@code text},
 * {@code eol=crlf}, {@code -text}; git-config(1): {@code core.autocrlf}), run on the same repository.
 */
class LineEndingsCommandTest {

    private static final String ANSWER = "prompts/answer.prompt";
    private static final String V1 = "---\nmodel: echo\n---\nGreet {{name}}.\nBe brief.\n";

    @TempDir
    Path tmp;

    CliWorkspace ws;
    int commits;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.save("answer", V1, "v1");
    }

    /** Checks out the prompt again, so git writes it with the line endings its settings ask for. */
    private void checkoutAgain() throws IOException {
        Files.delete(ws.dir().resolve(ANSWER));
        ws.git("checkout", "--", ANSWER);
        commits = ws.commits();
    }

    private byte[] bytes(String path) throws IOException {
        return Files.readAllBytes(ws.dir().resolve(path));
    }

    private void assertUnchangedAsGitSeesIt() {
        assertThat(ws.git("status", "--porcelain")).as("git status").isEmpty();

        CliRun diff = ws.ok("diff", "answer");
        CliRun save = ws.ok("save", "answer", "-m", "nothing");

        assertThat(diff.out()).isEqualTo("No differences between latest and working of answer (prompt and partials)\n");
        assertThat(save.out()).startsWith("answer is unchanged since version 1 (").endsWith("): nothing to save\n");
        assertThat(save.err()).isEmpty();
        assertThat(ws.commits()).isEqualTo(commits);
    }

    /** Edits one line on disk, keeping the file's CRLF endings, and checks diff and save against git. */
    private void assertOneLineEditIsOneLineAndStoredAsGitWould(boolean storedWithCrlf, int version) throws IOException {
        String crlf = new String(bytes(ANSWER), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(crlf).as("checked out with CRLF").contains("\r\n");
        Files.writeString(ws.dir().resolve(ANSWER), crlf.replace("Be brief.", "Be very brief."));
        String gitDiff = ws.git("diff", "--numstat", "--", ANSWER);

        CliRun diff = ws.ok("diff", "answer", "--source-only");
        CliRun save = ws.ok("save", "answer", "-m", "Very brief");

        assertThat(gitDiff).isEqualTo("1\t1\t" + ANSWER + "\n");
        // split on \n alone: String.lines() would take the \r away too
        List<String> diffLines = List.of(diff.out().split("\n"));
        assertThat(diffLines.stream().filter(l -> l.startsWith("-") && !l.startsWith("---")))
                .containsExactly(storedWithCrlf ? "-Be brief.\r" : "-Be brief.");
        assertThat(diffLines.stream().filter(l -> l.startsWith("+") && !l.startsWith("+++")))
                .containsExactly(storedWithCrlf ? "+Be very brief.\r" : "+Be very brief.");
        assertThat(save.out()).startsWith("Saved answer version " + version + " (");
        String stored = ws.git("show", "HEAD:" + ANSWER);
        String expected = V1.replace("Be brief.", "Be very brief.");
        assertThat(stored).isEqualTo(storedWithCrlf ? expected.replace("\n", "\r\n") : expected);
        assertThat(ws.git("diff", "--cached")).isEmpty();
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(lines(ws.git("log", "--format=%s")).get(0)).isEqualTo("Very brief");
    }

    @Test
    void withAutocrlfAPromptGitCallsCleanIsUnchangedAndAnEditIsOneLine() throws IOException {
        ws.git("config", "core.autocrlf", "true");
        checkoutAgain();
        assertThat(bytes(ANSWER)).isNotEqualTo(V1.getBytes()); // CRLF on disk, LF in the repository

        assertUnchangedAsGitSeesIt();
        assertOneLineEditIsOneLineAndStoredAsGitWould(false, 2);
    }

    @Test
    void withEolCrlfInGitattributesAPromptGitCallsCleanIsUnchangedAndAnEditIsOneLine() throws IOException {
        ws.write(".gitattributes", "* text eol=crlf\n");
        ws.git("add", ".gitattributes");
        ws.git("commit", "-q", "-m", "Line endings");
        checkoutAgain();

        assertUnchangedAsGitSeesIt();
        assertOneLineEditIsOneLineAndStoredAsGitWould(false, 2);
    }

    @Test
    void withMinusTextTheBytesAreKeptAsTheyAreEvenWithAutocrlf() throws IOException {
        ws.git("config", "core.autocrlf", "true");
        ws.write(".gitattributes", "*.prompt -text\n");
        ws.write(ANSWER, V1.replace("\n", "\r\n"));
        ws.git("add", ".gitattributes", ANSWER);
        ws.git("commit", "-q", "-m", "CRLF kept");
        assertThat(ws.git("show", "HEAD:" + ANSWER)).contains("\r\n");
        commits = ws.commits();

        assertThat(ws.git("status", "--porcelain")).isEmpty();
        CliRun diff = ws.ok("diff", "answer");
        CliRun save = ws.ok("save", "answer", "-m", "nothing");
        assertThat(diff.out()).startsWith("No differences");
        assertThat(save.out()).endsWith("nothing to save\n");
        assertThat(ws.commits()).isEqualTo(commits);

        assertOneLineEditIsOneLineAndStoredAsGitWould(true, 3); // version 2 is git's CRLF commit
    }

    @Test
    void aBinaryAttributeIsKeptByteForByte() throws IOException {
        ws.write(".gitattributes", "*.prompt binary\n");
        ws.git("config", "core.autocrlf", "true");
        ws.write(ANSWER, V1.replace("\n", "\r\n"));
        ws.git("add", ".gitattributes", ANSWER);
        ws.git("commit", "-q", "-m", "binary");
        commits = ws.commits();

        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.ok("save", "answer", "-m", "nothing").out()).endsWith("nothing to save\n");
        assertThat(ws.commits()).isEqualTo(commits);
    }

    @Test
    void aDiffOfTwoSavedVersionsIsTheSameWhateverTheCheckoutLooksLike() throws IOException {
        ws.save("answer", V1.replace("Be brief.", "Be short."), "v2");
        String before = ws.ok("diff", "answer", "1", "2").out();
        ws.git("config", "core.autocrlf", "true");
        checkoutAgain();

        assertThat(ws.ok("diff", "answer", "1", "2").out()).isEqualTo(before);
        assertThat(ws.ok("diff", "answer", "2", "working").out()).startsWith("No differences");
    }

    @Test
    void restoreWritesTheFileWithTheLineEndingsGitCheckoutWouldWrite() throws IOException {
        ws.save("answer", V1.replace("Be brief.", "Be short."), "v2");
        ws.write(".gitattributes", "* text eol=crlf\n");
        ws.git("add", ".gitattributes");
        ws.git("commit", "-q", "-m", "Line endings");
        checkoutAgain();

        CliRun restore = ws.ok("restore", "answer", "1");

        assertThat(restore.out()).startsWith("Restored answer version 1 as version 3 (");
        assertThat(ws.read(ANSWER)).isEqualTo(V1.replace("\n", "\r\n"));
        assertThat(ws.git("show", "HEAD:" + ANSWER)).isEqualTo(V1);
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.ok("diff", "answer").out()).startsWith("No differences");
    }

    @Test
    void anExperimentOnACrlfCheckoutRecordsTheSavedCommitNotADirtyOne() throws IOException {
        ws.write("studio.yaml", "name: Test\nmodels:\n  - id: echo\n    provider: echo\n");
        ws.write("datasets/names.jsonl", "{\"name\": \"Ada\"}\n");
        ws.write("experiments/greet.yaml", "prompts: [answer]\nmodels: [echo]\ndataset: names\n");
        ws.git("config", "core.autocrlf", "true");
        checkoutAgain();
        String head = ws.git("rev-parse", "--short=7", "HEAD").strip();

        CliRun plan = ws.ok("run", "greet", "--dry-run");

        assertThat(plan.out()).contains("prompts/answer.prompt@" + head + " x echo").doesNotContain("+dirty");
        ws.write(ANSWER, ws.read(ANSWER).replace("Be brief.", "Be briefer."));
        assertThat(ws.ok("run", "greet", "--dry-run").out()).contains("prompts/answer.prompt@" + head + "+dirty x echo");
    }
}
