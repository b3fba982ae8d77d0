package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.CallText;
import org.promptstudio.app.Feedback;
import org.promptstudio.app.Studio;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio feedback}: the thumbs and comments people gave on recorded calls, newest first. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "List the ratings (thumbs up or down, comments) given on recorded calls, newest first.",
        footer = {"", "Examples:",
            "  studio feedback",
            "  studio feedback --run 7",
            "  studio feedback --prompt answer.formal --format json"})
final class FeedbackCommand implements Callable<Integer> {

    static final int COMMENT_WIDTH = 60;

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CallFilterOptions filter = new CallFilterOptions();

    @Option(names = "--limit", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "50",
            description = "At most N ratings (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        List<Feedback.Listed> rows;
        try (Studio studio = Studio.open(root.workspace())) {
            filter.checkPrompt(studio);
            rows = studio.feedback().list(filter.run, filter.prompt, limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (filter.format == CallFilterOptions.Format.json) {
            List<Object> list = new ArrayList<>();
            for (Feedback.Listed f : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", f.id());
                m.put("call", f.callId());
                m.put("at", f.at().toString());
                m.put("run", f.runId());
                m.put("prompt", f.promptId());
                m.put("model", f.model());
                m.put("case", f.caseId());
                m.put("by", f.annotator());
                m.put("rating", f.rating());
                m.put("comment", f.comment());
                list.add(m);
            }
            out.println(org.promptstudio.app.JsonText.pretty(list));
        } else if (rows.isEmpty()) {
            out.println(filter.narrowed() ? "No feedback matches."
                    : "No feedback given yet (rate answers in the compare grid).");
        } else {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"ID", "TIME", "CALL", "RUN", "PROMPT", "MODEL", "CASE", "BY", "RATING", "COMMENT"});
            for (Feedback.Listed f : rows) {
                String comment = cut(CallText.oneLine(f.comment()), COMMENT_WIDTH);
                table.add(new String[] {
                    String.valueOf(f.id()),
                    CallFormat.time(f.at(), ZoneId.systemDefault()),
                    String.valueOf(f.callId()),
                    f.runId() == null ? "-" : f.runId().toString(),
                    f.promptId(),
                    f.model(),
                    f.caseId() == null ? "-" : f.caseId(),
                    f.annotator(),
                    f.rating(),
                    comment.isEmpty() ? "-" : comment});
            }
            // numbers align right, text left; the last column is not padded
            CallFormat.table(out, table, new boolean[] {true, false, true, true, false, false, false, false, false, false});
            out.println("Each rating is kept; the newest on a call is what its author thinks now (studio calls show ID).");
        }
        out.flush();
        return 0;
    }

    /**
     * {@code text} when it has at most {@code width} code points, else its first {@code width - 3} code points and
     * "...": a character outside the Basic Multilingual Plane (an emoji: two UTF-16 chars) is never cut in half.
     */
    static String cut(String text, int width) {
        if (text.codePointCount(0, text.length()) <= width) return text;
        return text.substring(0, text.offsetByCodePoints(0, width - 3)) + "...";
    }
}
