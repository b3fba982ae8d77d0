package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.ModelAccess;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.provider.TokenCounter;

/**
 * Writes a sample's {@code recordings/} from {@link SampleAnswers}, through the path a user's recording takes
 * ({@code studio test ci-smoke --models gpt-4o-mini --record --recordings recordings}): the sample's own
 * {@code gpt-4o-mini} entry, its params and the rendered prompts make the keys, only the answers come from the table
 * instead of OpenAI. Run it after changing a sample's ci-smoke prompt (the prompt tests fail until then):
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.promptstudio.cli.SampleRecordings \
 *     sample-workspaces/support-assistant sample-workspaces/reasoning-lab
 * </pre>
 * The workspace is worked on in a temporary copy, so no database or cache lands in the sample.
 */
final class SampleRecordings {

    private SampleRecordings() {
    }

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path sample = Path.of(arg).toAbsolutePath();
            int n = record(sample, sample.resolve("recordings"));
            System.out.println(sample.getFileName() + ": " + n + " recording(s) in " + sample.resolve("recordings"));
        }
    }

    /**
     * Records the written answers of {@code sample}'s ci-smoke experiment into {@code recordings} (emptied first).
     *
     * @return the number of calls recorded
     * @throws IllegalStateException when a request has no written answer or a call failed
     */
    static int record(Path sample, Path recordings) throws IOException {
        Path copy = Files.createTempDirectory("sample-recordings");
        try {
            copyTree(sample, copy, "recordings");
            deleteTree(recordings);
            try (Studio studio = Studio.open(copy)) {
                studio.useRecordings(recordings);
                TokenCounter tokens = new TokenCounter();
                studio.models().factory().register("openai", ref -> (ModelProvider) (request, listener) -> {
                    String answer = SampleAnswers.forMessages(request.messages()).orElseThrow(() ->
                            new ProviderException("no written answer for this request"));
                    ChatResult.Usage usage = tokens.estimateUsage(request.model(), request.messages(), answer);
                    listener.onText(answer);
                    return new ChatResult(answer, "stop", usage, 0, null, SampleAnswers.PROVIDER_MODEL);
                });
                Experiments experiments = studio.experiments();
                RunPlan plan = experiments.plan(experiments.read("ci-smoke"), List.of("gpt-4o-mini"), null, null);
                ModelAccess access = studio.models(CachePolicy.ALWAYS);
                Experiments.Outcome outcome = experiments.run(plan, null, StudioParts.runner(studio, access), StudioParts.runs(studio),
                        StudioParts.calls(studio), ExperimentRunner.Progress.NONE, new Cancellation());
                var calls = StudioParts.calls(studio).inRunWithAnswers(outcome.runId());
                calls.stream().filter(c -> c.status() != CallStatus.OK).findFirst().ifPresent(c -> {
                    throw new IllegalStateException(c.caseId() + ": " + c.error());
                });
                return calls.size();
            }
        } finally {
            deleteTree(copy);
        }
    }

    private static void copyTree(Path from, Path to, String skip) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().startsWith(skip) || rel.toString().startsWith(".studio")) continue;
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
