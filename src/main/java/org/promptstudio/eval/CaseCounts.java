package org.promptstudio.eval;

import java.util.List;

/**
 * The cases of judged experiments counted as the pass rule and the reports count them: all, those whose checks
 * failed, those whose call could not be made, and those no assertion could fail (decision 0020).
 */
public record CaseCounts(int total, int failed, int errored, int unchecked) {

    /** The counts over every case of {@code sections}. */
    public static CaseCounts of(List<ReportSection> sections) {
        int total = 0;
        int failed = 0;
        int errored = 0;
        int unchecked = 0;
        for (ReportSection s : sections) {
            total += s.results().size();
            failed += (int) s.results().stream().filter(CaseResult::failedCheck).count();
            errored += (int) s.results().stream().filter(CaseResult::errored).count();
            unchecked += (int) s.results().stream().filter(CaseResult::unchecked).count();
        }
        return new CaseCounts(total, failed, errored, unchecked);
    }
}
