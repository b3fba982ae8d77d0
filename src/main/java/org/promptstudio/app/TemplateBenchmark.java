package org.promptstudio.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.template.RenderData;

/**
 * Measures template work on the bundled sample prompts: parse throughput, parse + render throughput, and the
 * wall time from starting a fresh JVM to a printed rendered prompt.
 */
public final class TemplateBenchmark {

    /** What one run measured. */
    public record Figures(int prompts, long parses, double parsesPerSecond, long renders, double rendersPerSecond,
                          double microsPerRender, List<Long> coldStartMillis, String coldStartPrompt) {
    }

    private record Case(PromptLibrary library, PromptRef ref, Map<String, Object> input) {
    }

    private TemplateBenchmark() {
    }

    /**
     * @param seconds how long each throughput phase runs (after a warm-up of the same length)
     * @param coldStarts how many fresh JVMs to start for the start-to-render time (0 to skip)
     */
    public static Figures run(Path scratch, double seconds, int coldStarts) {
        List<Case> cases = new ArrayList<>();
        Path firstWorkspace = null;
        String firstPrompt = null;
        for (String sample : Studio.samples()) {
            Path dir = scratch.resolve(sample);
            Studio.initFromSample(sample, dir);
            Studio studio = Studio.open(dir);
            PromptLibrary lib = studio.prompts();
            for (PromptRef ref : lib.list()) {
                ParsedPrompt parsed = lib.parse(ref);
                Map<String, Object> input = ExampleInput.forPrompt(lib.renderer().resolveMetadata(parsed, Map.of()));
                lib.render(parsed, RenderData.of(input), Map.of()); // fails here, not inside the timing, if broken
                cases.add(new Case(lib, ref, input));
                if (firstWorkspace == null) {
                    firstWorkspace = dir;
                    firstPrompt = ref.id();
                }
            }
        }
        if (cases.isEmpty()) throw new StudioException("bench templates: the samples have no prompts");

        long nanos = (long) (seconds * 1e9);
        parseLoop(cases, nanos); // warm-up
        long parses = parseLoop(cases, nanos);
        renderLoop(cases, nanos); // warm-up
        long renders = renderLoop(cases, nanos);
        double secs = nanos / 1e9;

        List<Long> cold = new ArrayList<>();
        for (int i = 0; i < coldStarts; i++) cold.add(coldStart(firstWorkspace, firstPrompt));
        return new Figures(cases.size(), parses, parses / secs, renders, renders / secs, secs * 1e6 / renders,
                cold, firstPrompt);
    }

    private static long parseLoop(List<Case> cases, long nanos) {
        long count = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (Case c : cases) {
                c.library().parse(c.ref());
                count++;
            }
        }
        return count;
    }

    private static long renderLoop(List<Case> cases, long nanos) {
        long count = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (Case c : cases) {
                ParsedPrompt parsed = c.library().parse(c.ref());
                c.library().render(parsed, RenderData.of(c.input()), Map.of());
                count++;
            }
        }
        return count;
    }

    /** Starts {@code studio render} in a fresh JVM and returns the wall time until it has printed and exited. */
    private static long coldStart(Path workspace, String prompt) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), "org.promptstudio.Main",
                "render", "-w", workspace.toString(), prompt, "--example", "--format", "text");
        try {
            Path out = Files.createTempFile("bench-render", ".txt");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new StudioException("bench templates: the cold-start render did not finish in 60 s");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String printed = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new StudioException("bench templates: the cold-start render failed: " + printed.strip());
            }
            return millis;
        } catch (IOException e) {
            throw new StudioException("bench templates: cannot start a JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudioException("bench templates: interrupted", e);
        }
    }

    /** Milliseconds since this JVM started. */
    public static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
