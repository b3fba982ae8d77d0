package org.promptstudio.cli;

import java.io.PrintWriter;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.Scoreboard;

/** Scoreboards and comparisons for the terminal; the text is made in app.ScoreboardText, as the window shows it. */
final class ScoreboardText {

    private ScoreboardText() {
    }

    static void print(PrintWriter out, Scoreboard board) {
        out.print(org.promptstudio.app.ScoreboardText.board(board));
    }

    static void print(PrintWriter out, Comparison c) {
        out.print(org.promptstudio.app.ScoreboardText.comparison(c));
    }
}
