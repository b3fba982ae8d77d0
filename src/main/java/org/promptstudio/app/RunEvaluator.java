package org.promptstudio.app;

import java.util.List;
import org.promptstudio.eval.CaseResult;

/** Judges every recorded call of a run: one {@link CaseResult} per call (per cell, where samples vote). */
public interface RunEvaluator {

    List<CaseResult> evaluate(long runId);
}
