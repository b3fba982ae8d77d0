package org.promptstudio.eval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Dev and test split of a dataset's cases. A case's own {@code split} field wins; a case without one goes by a
 * stable hash of its id (SHA-256, first 8 bytes as an unsigned number, mod 3 == 0 is {@code dev}, about a third),
 * so it stays on the same side across runs and machines. Scoring the test split over and over for the same prompt
 * is tuning on it: past {@link #TEST_RUNS_LIMIT} runs the scoreboard warns.
 */
public final class HeldOut {

    public static final String DEV = "dev";
    public static final String TEST = "test";
    /** Runs of one prompt on the test split after which its test figures stop being an honest estimate. */
    public static final int TEST_RUNS_LIMIT = 5;

    private HeldOut() {
    }

    /** The split of case {@code caseId}: {@code declared} when it is dev or test, else by hash. */
    public static String splitOf(String caseId, String declared) {
        if (DEV.equals(declared) || TEST.equals(declared)) return declared;
        return hashSplit(caseId == null ? "" : caseId);
    }

    static String hashSplit(String caseId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(caseId.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            return Long.remainderUnsigned(v, 3) == 0 ? DEV : TEST;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** How a set of results names its split: {@code dev}, {@code test}, {@code dev+test}, or {@code -} for none. */
    public static String label(Collection<String> splits) {
        TreeSet<String> s = new TreeSet<>();
        for (String x : splits) if (x != null) s.add(x);
        return s.isEmpty() ? "-" : String.join("+", s);
    }

    /** A warning when {@code promptPath}'s test split has been scored in more than the limit of runs. */
    public static Optional<String> overuseWarning(String promptPath, int testRuns) {
        if (testRuns <= TEST_RUNS_LIMIT) return Optional.empty();
        return Optional.of(promptPath + ": the test split has been scored in " + testRuns + " runs (more than "
                + TEST_RUNS_LIMIT + "); its figures are no longer held out, tune on dev");
    }
}
