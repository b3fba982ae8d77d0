package org.promptstudio.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.promptstudio.app.PromptVersionSource;
import org.promptstudio.model.StudioException;

/**
 * Prompt versions read with the real {@code git} command, standing in for {@code vcs.PromptVersions} until that is
 * wired in: version N of a file is the Nth commit that changed it (the oldest is 1); labels are set by the test.
 */
public final class GitCliVersions implements PromptVersionSource {

    private final Path root;
    private final Map<String, Map<String, Integer>> labels = new HashMap<>();

    public GitCliVersions(Path root) {
        this.root = root;
    }

    /** Points {@code label} of {@code path} at version {@code number}. */
    public GitCliVersions label(String path, String label, int number) {
        labels.computeIfAbsent(path, p -> new HashMap<>()).put(label, number);
        return this;
    }

    @Override
    public Version resolve(String path, String spec) {
        List<String[]> commits = new ArrayList<>();
        for (String line : run("log", "--reverse", "--format=%H%x09%an <%ae>%x09%cI", "--", path).lines().toList()) {
            commits.add(line.split("\t", 3));
        }
        if (commits.isEmpty()) throw new StudioException(path + ": no saved versions");
        int number;
        Map<String, Integer> pathLabels = labels.getOrDefault(path, Map.of());
        if (spec == null) {
            number = commits.size();
        } else if (spec.matches("\\d+")) {
            number = Integer.parseInt(spec);
        } else if (pathLabels.containsKey(spec)) {
            number = pathLabels.get(spec);
        } else {
            number = 0;
            for (int i = 0; i < commits.size(); i++) {
                if (spec.length() >= 7 && commits.get(i)[0].startsWith(spec)) number = i + 1;
            }
        }
        if (number < 1 || number > commits.size()) throw new StudioException(path + ": no version '" + spec + "'");
        String[] c = commits.get(number - 1);
        int n = number;
        List<String> its = pathLabels.entrySet().stream().filter(e -> e.getValue() == n).map(Map.Entry::getKey)
                .sorted().toList();
        return new Version(number, c[0], c[1], OffsetDateTime.parse(c[2]).toInstant(), its);
    }

    @Override
    public String contentAt(String path, String spec) {
        try {
            if ("working".equals(spec)) return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StudioException(path + ": cannot read", e);
        }
        String commit = spec != null && spec.matches("[0-9a-f]{40}") ? spec : resolve(path, spec).commitId();
        return run("show", commit + ":" + path);
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new StudioException(String.join(" ", args) + ": git failed");
            }
            return out;
        } catch (IOException e) {
            throw new StudioException("cannot run git", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudioException("interrupted", e);
        }
    }
}
