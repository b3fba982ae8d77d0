package org.promptstudio.eval;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.ErrorText;
import org.w3c.dom.Element;

/**
 * Prompt tests as JUnit XML, the format CI systems read: {@code <testsuites>}, a {@code <testsuite>} per experiment x
 * prompt version, a {@code <testcase>} per case x model. A case whose checks failed has a {@code <failure
 * type="AssertionFailure" message="...">} giving the reasons; a case whose call could not be made (connection
 * refused, a render error, a provider error, a timeout) has an {@code <error type="CallError" message="...">} with
 * that reason and is counted in {@code errors}, never in {@code failures}. An unchecked case (nothing could fail it,
 * decision 0020) is {@code <skipped message="...">} with the reason, and counted in the suite's {@code skipped}: a CI
 * page shows it as neither passed nor failed. A self-consistency case is one testcase (the vote), with the vote and
 * its samples in {@code <system-out>}.
 *
 * <p>The file validates against the JUnit schema CI publishers check (Jenkins xUnit's {@code junit-10.xsd}, which
 * pytest's {@code xunit2} family also follows; decision 0028), and every text and attribute is legal XML 1.0 whatever a
 * model, a dataset or a file name holds ({@link ReportText}). It is written whole or not at all: a failed write leaves
 * the previous report as it was.
 */
public final class JUnitReport {

    /** The {@code type} of a case whose call could not be made. */
    public static final String CALL_ERROR = "CallError";
    /** The {@code type} of a case whose checks failed. */
    public static final String ASSERTION_FAILURE = "AssertionFailure";

    private JUnitReport() {
    }

    public static void write(List<ReportSection> sections, Path file) {
        write(sections, List.of(), file);
    }

    /**
     * Writes {@code sections} and, after them, each experiment that could not run as a {@code <testsuite>} of one
     * {@code <testcase>} with an {@code <error message="...">}: the one-line error, with its file and line.
     *
     * @throws ReportException when the file cannot be written: one line naming it and why ({@code no space left on
     *                         the device}); the previous report is then unchanged
     */
    public static void write(List<ReportSection> sections, List<ReportProblem> problems, Path file) {
        byte[] bytes = render(sections, problems);
        try {
            AtomicFile.write(file, file.toString(), bytes);
        } catch (AtomicFile.FileWriteException e) {
            throw new ReportException("cannot write the JUnit report " + file + ": " + e.reason()
                    + (e.unchanged() ? " (the previous report is unchanged)" : ""), e);
        }
    }

    /** The report's bytes (UTF-8 XML). */
    static byte[] render(List<ReportSection> sections, List<ReportProblem> problems) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElement("testsuites");
            attr(root, "name", "studio test");
            doc.appendChild(root);
            int tests = 0;
            int failures = 0;
            int errors = 0;
            double time = 0;
            for (ReportSection s : sections) {
                Map<String, List<CaseResult>> byVersion = new LinkedHashMap<>();
                for (CaseResult r : s.results()) {
                    byVersion.computeIfAbsent(ReportSection.version(r.promptPath(), r.promptCommit()), k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<CaseResult>> e : byVersion.entrySet()) {
                    Element suite = doc.createElement("testsuite");
                    attr(suite, "name", s.experiment() + " / " + e.getKey());
                    int suiteFailures = 0;
                    int suiteErrors = 0;
                    int suiteSkipped = 0;
                    double suiteTime = 0;
                    for (CaseResult r : e.getValue()) {
                        Element tc = doc.createElement("testcase");
                        attr(tc, "name", ReportSection.caseName(r));
                        attr(tc, "classname", s.experiment() + "." + promptName(r.promptPath()));
                        double seconds = r.latencyMs() == null ? 0 : r.latencyMs() / 1000.0;
                        attr(tc, "time", seconds(seconds));
                        suiteTime += seconds;
                        if (r.unchecked()) {
                            suiteSkipped++;
                            Element skip = doc.createElement("skipped");
                            attr(skip, "message", "unchecked: " + r.uncheckedReason());
                            tc.appendChild(skip);
                        } else if (r.errored()) {
                            suiteErrors++;
                            Element err = doc.createElement("error");
                            attr(err, "message", r.callError());
                            attr(err, "type", CALL_ERROR);
                            StringBuilder body = new StringBuilder("the call could not be made: ").append(r.callError())
                                    .append('\n');
                            List<String> unrun = r.assertions().stream().map(AssertionResult::type)
                                    .filter(t -> !Evaluator.NO_ANSWER.equals(t)).toList();
                            if (!unrun.isEmpty()) body.append("not checked: ").append(String.join(", ", unrun)).append('\n');
                            body.append("call: studio calls show ").append(r.callId()).append('\n');
                            text(err, body.toString());
                            tc.appendChild(err);
                        } else if (r.failed()) {
                            suiteFailures++;
                            Element f = doc.createElement("failure");
                            attr(f, "message", Comparison.reasons(r));
                            attr(f, "type", ASSERTION_FAILURE);
                            StringBuilder body = new StringBuilder();
                            for (AssertionResult a : r.assertions()) {
                                body.append(a.pass() ? "pass " : "FAIL ").append(a.type()).append(": ").append(a.reason()).append('\n');
                            }
                            String answer = s.answers().get(r.callId());
                            if (answer != null) body.append("answer: ").append(answer).append('\n');
                            body.append("call: studio calls show ").append(r.callId()).append('\n');
                            text(f, body.toString());
                            tc.appendChild(f);
                        }
                        if (r.voted()) {
                            // Self-consistency: the case is the vote; its figures and samples are listed under it.
                            StringBuilder samples = new StringBuilder(ReportSection.vote(r)).append('\n');
                            samples.append(voteFigures(r)).append('\n');
                            for (SampleAnswer a : r.samples()) samples.append(ReportSection.sample(a)).append('\n');
                            Element so = doc.createElement("system-out");
                            text(so, samples.toString());
                            tc.appendChild(so);
                        }
                        suite.appendChild(tc);
                    }
                    attr(suite, "tests", String.valueOf(e.getValue().size()));
                    attr(suite, "failures", String.valueOf(suiteFailures));
                    attr(suite, "errors", String.valueOf(suiteErrors));
                    attr(suite, "skipped", String.valueOf(suiteSkipped));
                    attr(suite, "time", seconds(suiteTime));
                    root.appendChild(suite);
                    tests += e.getValue().size();
                    failures += suiteFailures;
                    errors += suiteErrors;
                    time += suiteTime;
                }
            }
            for (ReportProblem p : problems) root.appendChild(problem(doc, p));
            // junit-10.xsd gives <testsuites> tests, failures, errors and time; skipped is counted per suite.
            attr(root, "tests", String.valueOf(tests + problems.size()));
            attr(root, "failures", String.valueOf(failures));
            attr(root, "errors", String.valueOf(errors + problems.size()));
            attr(root, "time", seconds(time));
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new ReportException("cannot make the JUnit report: " + ErrorText.reason(e), e);
        }
    }

    /** A voted case's figures, one line: {@code agreement=0.600 votes=3 voters=5 samples=5} (agreement in 0..1). */
    static String voteFigures(CaseResult r) {
        return String.format(Locale.ROOT, "agreement=%.3f votes=%d voters=%d samples=%d", r.agreement(), r.votes(),
                r.voters(), r.samples().size());
    }

    /** Sets an attribute to text made legal XML 1.0. */
    private static void attr(Element e, String name, String value) {
        e.setAttribute(name, ReportText.legal(value));
    }

    /** Sets an element's text, made legal XML 1.0. */
    private static void text(Element e, String value) {
        e.setTextContent(ReportText.legal(value));
    }

    private static Element problem(Document doc, ReportProblem p) {
        Element suite = doc.createElement("testsuite");
        attr(suite, "name", p.experiment());
        attr(suite, "tests", "1");
        attr(suite, "failures", "0");
        attr(suite, "errors", "1");
        attr(suite, "skipped", "0");
        attr(suite, "time", seconds(0));
        Element tc = doc.createElement("testcase");
        attr(tc, "name", p.experiment() + " (could not run)");
        attr(tc, "classname", p.experiment());
        attr(tc, "time", seconds(0));
        Element error = doc.createElement("error");
        attr(error, "message", p.message());
        attr(error, "type", "ExperimentCouldNotRun");
        text(error, p.message() + "\nNo case of this experiment ran; fix the error and run studio test again.\n");
        tc.appendChild(error);
        suite.appendChild(tc);
        return suite;
    }

    private static String promptName(String path) {
        String name = path == null ? "?" : path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".prompt") ? name.substring(0, name.length() - ".prompt".length()) : name;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
