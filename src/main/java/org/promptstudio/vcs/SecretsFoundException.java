package org.promptstudio.vcs;

import java.util.List;
import java.util.stream.Collectors;
import org.promptstudio.guard.SecretScanner.Finding;

/** A commit refused because what it would record holds API keys or tokens; nothing was committed. */
public class SecretsFoundException extends VcsException {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public SecretsFoundException(List<Finding> findings, String after) {
        super("refused to commit: " + findings.stream().map(Finding::describe).collect(Collectors.joining("; "))
                + "; keep keys in environment variables, not in the workspace" + (after == null ? "" : "; " + after));
        this.findings = List.copyOf(findings);
    }

    /** Each secret with its file, line, kind and a masked preview (never the secret). */
    public List<Finding> findings() {
        return findings;
    }
}
