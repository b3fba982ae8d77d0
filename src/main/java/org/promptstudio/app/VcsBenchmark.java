package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.vcs.Author;
import org.promptstudio.vcs.GitRepository;
import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.PromptVersions;

/**
 * Measures versioning on a prompt with many versions: each save as {@code studio save} does it (template check,
 * partials, secret scan, commit), then listing the full history, resolving a version by number and by label, and
 * the repository's size, before and after packing. Saves are timed in one process (as the window makes them, with
 * the history cached), and a few more each by a fresh service (as a new {@code studio save} process makes them).
 */
public final class VcsBenchmark {

    static final String PROMPT = "bench";
    /** Saves made after the timed ones, each by a fresh service (as a new process would). */
    public static final int COLD_SAVES = 5;

    /** What one run measured; times in milliseconds. */
    public record Figures(int versions, double meanSaveMs, double medianSaveMs, double p95SaveMs, double maxSaveMs,
                          double coldSaveMs, double historyColdMs, double historyWarmMs, double resolveNumberMs,
                          double resolveLabelMs,
                          long looseBytes, long looseFiles, double historyPackedMs, long packedBytes) {
    }

    private VcsBenchmark() {
    }

    /** Saves one prompt {@code versions} times in a new workspace under {@code scratch} and times the reads. */
    public static Figures run(Path scratch, int versions) {
        if (versions < 2) throw new StudioException("bench vcs: needs at least 2 versions");
        Path root = scratch.resolve("workspace");
        Studio.init(root, "vcs-bench");
        // The bench's own author, used only when git has no identity on this machine.
        java.util.function.Supplier<Author> author = () -> new Author("Prompt Studio bench", "bench@localhost");
        Path promptsDir = root.resolve("prompts");
        Versions saving = new Versions(root, new PromptLibrary(promptsDir), new PromptVersions(root, author, Versions.partialLinks()));
        Path file = promptsDir.resolve(PROMPT + PromptLibrary.EXTENSION);
        write(promptsDir.resolve("_rules.prompt"), "Answer in one paragraph. Cite the order number.\n");

        List<Long> saves = new ArrayList<>(versions);
        for (int i = 1; i <= versions; i++) {
            write(file, text(i));
            long start = System.nanoTime();
            saving.save(PROMPT, "Revision " + i);
            saves.add(System.nanoTime() - start);
        }
        String path = "prompts/" + PROMPT + PromptLibrary.EXTENSION;
        int middle = versions / 2;
        saving.label(PROMPT, "production", String.valueOf(middle));

        PromptVersions fresh = new PromptVersions(root, author, Versions.partialLinks()); // nothing cached: as a new process sees it
        long t = System.nanoTime();
        List<PromptVersion> history = fresh.history(path);
        double historyCold = ms(System.nanoTime() - t);
        if (history.size() != versions) {
            throw new StudioException("bench vcs: expected " + versions + " versions, history lists " + history.size());
        }
        t = System.nanoTime();
        fresh.history(path);
        double historyWarm = ms(System.nanoTime() - t);

        PromptVersions other = new PromptVersions(root, author, Versions.partialLinks());
        t = System.nanoTime();
        PromptVersion byNumber = other.resolve(path, String.valueOf(middle));
        double resolveNumber = ms(System.nanoTime() - t);
        PromptVersions another = new PromptVersions(root, author, Versions.partialLinks());
        t = System.nanoTime();
        PromptVersion byLabel = another.resolve(path, "production");
        double resolveLabel = ms(System.nanoTime() - t);
        if (byNumber.number() != middle || byLabel.number() != middle) {
            throw new StudioException("bench vcs: version " + middle + " resolved to " + byNumber.number() + " and "
                    + byLabel.number());
        }

        // A save as a new 'studio save' process makes it: no history cached, so the version number needs a walk.
        List<Long> cold = new ArrayList<>();
        for (int i = 1; i <= COLD_SAVES; i++) {
            write(file, text(versions + i));
            Versions once = new Versions(root, new PromptLibrary(promptsDir), new PromptVersions(root, author, Versions.partialLinks()));
            long start = System.nanoTime();
            once.save(PROMPT, "Revision " + (versions + i));
            cold.add(System.nanoTime() - start);
        }
        Collections.sort(cold);

        long[] loose = size(root.resolve(".git"));
        try (GitRepository git = GitRepository.open(root)) {
            git.pack();
        }
        t = System.nanoTime();
        new PromptVersions(root, author, Versions.partialLinks()).history(path);
        double historyPacked = ms(System.nanoTime() - t);
        long[] packed = size(root.resolve(".git"));

        List<Long> sorted = new ArrayList<>(saves);
        Collections.sort(sorted);
        double mean = ms(saves.stream().mapToLong(Long::longValue).sum()) / saves.size();
        return new Figures(versions, mean, ms(sorted.get(sorted.size() / 2)),
                ms(sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1)), ms(sorted.get(sorted.size() - 1)),
                ms(cold.get(cold.size() / 2)), historyCold, historyWarm, resolveNumber, resolveLabel, loose[0], loose[1], historyPacked, packed[0]);
    }

    /** A realistic prompt whose body changes a little on each revision. */
    private static String text(int revision) {
        return "---\nmodel: extractive\nconfig:\n  temperature: 0.2\ninput:\n  schema:\n    question: string\n---\n"
                + "{{role \"system\"}}\nYou answer questions about orders for a small shop (revision " + revision + ").\n"
                + "{{> rules}}\n" + (revision % 2 == 0 ? "Be brief.\n" : "Be friendly.\n")
                + "{{role \"user\"}}\n{{question}}\n";
    }

    private static void write(Path file, String text) {
        AtomicFile.writeString(file, "bench vcs: " + file, text);
    }

    /** Bytes and files under a folder. */
    private static long[] size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            long[] total = new long[2];
            walk.filter(Files::isRegularFile).forEach(p -> {
                try {
                    total[0] += Files.size(p);
                    total[1]++;
                } catch (IOException e) {
                    // a file gone while counting: not counted
                }
            });
            return total;
        } catch (IOException e) {
            throw new StudioException("bench vcs: cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
