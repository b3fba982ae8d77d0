package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.ModelAccess;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Comparison;
import org.promptstudio.eval.HtmlReport;
import org.promptstudio.eval.JUnitReport;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.testsupport.OrderedReleaseModel;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reports follow the plan, not the finishing order (issue 8, section 1): the same experiment is run twice on the same
 * answers, once with the calls finishing in the plan's order and once in its reverse (a model that holds every call
 * and lets them go one at a time, last cell first), and every report, table and export must come out the same, in
 * dataset order, then prompt version, model and sample. Only the call ids (which number the calls as they were
 * recorded) and the run ids and report time differ, and are masked.
 */
class ReportOrderTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: order
                models:
                  - id: alpha
                    provider: echo
                    pricing: { inputPerMillion: 1.0, outputPerMillion: 2.0 }
                  - id: beta
                    provider: echo
                    pricing: { inputPerMillion: 1.5, outputPerMillion: 3.0 }
                """);
        ws.save("greet", """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """, "Greet");
        ws.save("greet", """
                ---
                input:
                  schema:
                    name: string
                ---
                Please greet {{name}} warmly.
                """, "Greet warmly");
        ws.write("datasets/names.jsonl", """
                {"id": "cy", "name": "Cy", "expected": "Cy"}
                {"id": "ann", "name": "Ann", "expected": "Ann"}
                {"id": "bob", "name": "Bob", "expected": "Bob"}
                {"id": "dee", "name": "Dee", "expected": "Dee"}
                """);
        ws.write("experiments/order.yaml", """
                prompts:
                  - { prompt: greet, version: "2" }
                  - { prompt: greet, version: "1" }
                models: [beta, alpha]
                dataset: names
                samples: 2
                concurrency: 32
                strategy: { type: zero-shot, answerPattern: "Hello (\\\\w+)" }
                assertions:
                  - { type: contains, value: "Hello" }
                  - { type: length, max: 40, weight: 0 }
                """);
    }

    /** What one run produced: every report, table and export, as text. */
    record Reports(String junit, String html, String terminal, List<String> junitCases, List<Integer> finishOrder) {
    }

    @Test
    void reportsAreTheSameWhicheverOrderTheCallsFinishInAndFollowThePlan() throws Exception {
        Reports forward = run(Comparator.naturalOrder());
        Reports reverse = run(Comparator.reverseOrder());

        assertThat(forward.finishOrder()).isSortedAccordingTo(Comparator.naturalOrder()).hasSize(32);
        assertThat(reverse.finishOrder()).as("the adversarial run really finished last cell first")
                .isSortedAccordingTo(Comparator.reverseOrder()).hasSize(32);
        assertThat(mask(reverse.junit())).isEqualTo(mask(forward.junit()));
        assertThat(mask(reverse.html())).isEqualTo(mask(forward.html()));
        assertThat(mask(reverse.terminal())).isEqualTo(mask(forward.terminal()));

        // Dataset order (cy, ann, bob, dee as in the file), then prompt version (2 before 1, as the experiment names
        // them), model (beta before alpha), sample.
        List<String> expected = new ArrayList<>();
        for (String version : List.of("v2", "v1")) {
            for (String c : List.of("cy", "ann", "bob", "dee")) {
                for (String m : List.of("beta", "alpha")) {
                    expected.add(version + " " + c + " · " + m);
                    expected.add(version + " " + c + " · " + m + " #1");
                }
            }
        }
        assertThat(reverse.junitCases()).containsExactlyElementsOf(expected);
        String table = mask(reverse.terminal());
        assertThat(table.indexOf("beta")).isLessThan(table.indexOf("alpha"));
        // The failing cases are listed in plan order too.
        List<String> fails = table.lines().filter(l -> l.startsWith("  FAIL")).map(l -> l.replaceAll(":.*", ""))
                .map(l -> l.replaceAll(".* (\\w+ · )", "$1")).toList();
        assertThat(fails).containsExactly("bob · alpha", "bob · alpha #1", "dee · alpha", "dee · alpha #1");
        assertThat(table).containsPattern("bob · alpha  calls # -> #: contains: does not contain 'Hello'\\n"
                + "  bob · alpha #1  calls # -> #: .*\\n  dee · alpha  calls");
    }

    private Reports run(Comparator<Integer> finishOrder) throws Exception {
        try (Studio studio = Studio.open(ws.dir())) {
            Experiments experiments = studio.experiments();
            RunPlan plan = experiments.plan(experiments.read("order"), null, null, null);
            ModelAccess access = studio.models(CachePolicy.fromFlags(true, false, false));
            OrderedReleaseModel[] model = new OrderedReleaseModel[1];
            ExperimentRunner.Models models = new ExperimentRunner.Models() {
                @Override
                public ModelRef ref(String id) {
                    return access.ref(id);
                }

                @Override
                public ModelProvider provider(String id) {
                    return (request, listener) -> model[0].chat(request, listener);
                }
            };
            ExperimentRunner runner = new ExperimentRunner(studio.prompts().renderer(), models, StudioParts.calls(studio));
            model[0] = OrderedReleaseModel.forPlan(plan, runner, access::ref, finishOrder, request -> {
                String text = request.messages().get(request.messages().size() - 1).text();
                Matcher name = Pattern.compile("(?:hello to|greet) (\\w+)").matcher(text);
                String who = name.find() ? name.group(1) : "nobody";
                // alpha answers version 2 badly for Bob and Dee (both samples): failures to list, in order.
                boolean bad = request.model().id().equals("alpha") && (who.equals("Bob") || who.equals("Dee"))
                        && text.startsWith("Please");
                return new ChatResult(bad ? "Goodbye" : "Hello " + who, "stop", new ChatResult.Usage(10, 2, false), 7,
                        3L, "ordered");
            });
            Experiments.Outcome outcome = experiments.run(plan, null, runner, StudioParts.runs(studio), StudioParts.calls(studio), model[0],
                    new Cancellation());

            Scoreboards.ScoredRun scored = Scoreboards.of(studio).score(outcome.runId());
            Map<Long, String> answers = new HashMap<>();
            for (CallRecord c : StudioParts.calls(studio).inRunWithAnswers(outcome.runId())) answers.put(c.id(), c.texts().output());
            List<ReportSection> sections = List.of(new ReportSection("order", outcome.runId(), scored.board(),
                    scored.results(), answers));
            Path junit = tmp.resolve("junit-" + outcome.runId() + ".xml");
            Path html = tmp.resolve("report-" + outcome.runId() + ".html");
            JUnitReport.write(sections, junit);
            HtmlReport.write(sections, 0, html);

            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            RunCommand.printCalls(out, StudioParts.calls(studio).inRunWithAnswers(outcome.runId()));
            ScoreboardText.print(out, scored.board());
            for (CaseResult r : scored.results()) {
                if (!r.pass()) out.printf("  FAIL %s %s: %s%n", ReportSection.version(r.promptPath(), r.promptCommit()),
                        ReportSection.caseName(r), r.assertions());
            }
            // Two versions of one prompt compared on the same run: the flipped cases in plan order.
            List<CaseResult> v2 = scored.results().stream().filter(r -> r.promptCommit().equals(plan.prompts().get(0).commit())).toList();
            List<CaseResult> v1 = scored.results().stream().filter(r -> r.promptCommit().equals(plan.prompts().get(1).commit())).toList();
            for (String m : List.of("beta", "alpha")) {
                ScoreboardText.print(out, Comparison.of(v1.stream().filter(r -> r.model().equals(m)).toList(),
                        v2.stream().filter(r -> r.model().equals(m)).toList()));
            }
            for (CallRecord c : StudioParts.calls(studio).list(org.promptstudio.store.CallQuery.latest(100).inRun(outcome.runId()))) {
                out.println(CallFormat.fields(c).entrySet().stream().filter(e -> !e.getKey().equals("createdAt"))
                        .map(Object::toString).toList());
            }
            out.flush();

            String v2Commit = plan.prompts().get(0).commit();
            List<String> cases = new ArrayList<>();
            NodeList suites = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile())
                    .getElementsByTagName("testsuite");
            for (int s = 0; s < suites.getLength(); s++) {
                Element suite = (Element) suites.item(s);
                String version = suite.getAttribute("name").contains("@" + v2Commit.substring(0, 7)) ? "v2" : "v1";
                NodeList tcs = suite.getElementsByTagName("testcase");
                for (int i = 0; i < tcs.getLength(); i++) cases.add(version + " " + ((Element) tcs.item(i)).getAttribute("name"));
            }
            return new Reports(Files.readString(junit), Files.readString(html), text.toString(), cases,
                    model[0].finishOrder());
        }
    }

    /** Call ids number calls as they were recorded, run ids runs; the HTML report carries the time it was written. */
    private static String mask(String report) {
        return report.replaceAll("\\d+ -> \\d+", "# -> #")
                .replaceAll("(calls show |call |id=)\\d+", "$1#")
                .replaceAll("(run |runId=)\\d+", "$1#")
                .replaceAll(" · \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z</p>", " · TIME</p>");
    }
}
