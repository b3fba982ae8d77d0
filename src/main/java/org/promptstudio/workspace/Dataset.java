package org.promptstudio.workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset file loaded as test cases. Rows that could not be read are left out of {@code cases} and told in
 * {@code problems}; the other rows still load.
 */
public record Dataset(String name, Path path, List<TestCase> cases, List<DatasetProblem> problems) {

    public Dataset {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
    }

    /** How many cases belong to {@code split} ({@link TestCase#DEV}, {@link TestCase#TEST}, or null for none). */
    public long count(String split) {
        return cases.stream().filter(c -> split == null ? c.split() == null : split.equals(c.split())).count();
    }
}
