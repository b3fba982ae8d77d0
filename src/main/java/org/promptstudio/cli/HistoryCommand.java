package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.vcs.PromptVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio history PROMPT}: the prompt's versions, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List a prompt's versions, newest first.",
            "Number, commit, date, author, message, labels; a version saved under an older name shows it in brackets.",
            "A version is the prompt and the partials it uses: a version that changed only partials names them."})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal) or file.")
    String prompt;

    @Override
    public Integer call() {
        Studio studio = Studio.open(root.workspace());
        String path = studio.versions().path(prompt);
        List<PromptVersion> history = studio.versions().history(prompt);
        PrintWriter out = spec.commandLine().getOut();
        if (history.isEmpty()) {
            out.printf("%s has no saved versions yet (save it with 'studio save %s -m MESSAGE')%n",
                    VersionText.id(path), VersionText.id(path));
            out.flush();
            return 0;
        }
        if (history.stream().anyMatch(v -> !v.numbered())) out.println(VersionText.shallowNote(VersionText.id(path)));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERSION", "COMMIT", "DATE", "AUTHOR", "MESSAGE", "LABELS"});
        for (PromptVersion v : history) {
            String message = v.subject() + (v.path().equals(path) ? "" : " [" + v.path() + "]");
            List<String> partials = v.changedPartials();
            if (!partials.isEmpty() && !v.changed().contains(v.path())) {
                message += " (changed " + String.join(", ", partials.stream().map(VersionText::id).toList()) + ")";
            }
            rows.add(new String[] {v.numbered() ? String.valueOf(v.number()) : "?", v.shortId(), VersionText.DATE.format(v.time()),
                v.authorName(), message, String.join(", ", v.labels())});
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == 0 ? " ".repeat(width[0] - row[0].length()) + row[0] : row[i];
                line.append(cell);
                if (i < row.length - 1) line.append(" ".repeat(width[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
        return 0;
    }
}
