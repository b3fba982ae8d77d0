package org.promptstudio.workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset file loaded as test cases. Rows that could not be read are left out of {@code cases} and told in
 * {@code problems}; the other rows still load. {@code separator} is the character that separates a CSV file's
 * columns (null for JSON Lines).
 */
public record Dataset(String name, Path path, List<TestCase> cases, List<DatasetProblem> problems, Character separator) {

    public Dataset {
        cases = List.copyOf(cases);
        problems = List.copyOf(problems);
    }

    /** A dataset that has no column separator (JSON Lines, or a file not read). */
    public Dataset(String name, Path path, List<TestCase> cases, List<DatasetProblem> problems) {
        this(name, path, cases, problems, null);
    }

    /** How a user reads the CSV column separator ({@code semicolons}); empty for JSON Lines. */
    public java.util.Optional<String> separatorName() {
        return java.util.Optional.ofNullable(separator).map(CsvDelimiter::name);
    }

    /** How many cases belong to {@code split} ({@link TestCase#DEV}, {@link TestCase#TEST}, or null for none). */
    public long count(String split) {
        return cases.stream().filter(c -> split == null ? c.split() == null : split.equals(c.split())).count();
    }
}
