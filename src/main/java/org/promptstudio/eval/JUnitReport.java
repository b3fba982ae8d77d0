package org.promptstudio.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
import org.w3c.dom.Element;

/**
 * Prompt tests as JUnit XML, the format CI systems read: {@code <testsuites>}, a {@code <testsuite>} per experiment x
 * prompt version, a {@code <testcase>} per case x model with a {@code <failure message="...">} giving the reasons.
 * An unchecked case (nothing could fail it, decision 0020) is {@code <skipped message="...">} with the reason, and
 * counted in the {@code skipped} attributes: a CI page shows it as neither passed nor failed. A self-consistency
 * case is one testcase (the vote), with its agreement as {@code <properties>} and its samples in
 * {@code <system-out>}. Written with the JDK's DOM, so every attribute and text is escaped.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static void write(List<ReportSection> sections, Path file) {
        write(sections, List.of(), file);
    }

    /**
     * Writes {@code sections} and, after them, each experiment that could not run as a {@code <testsuite>} of one
     * {@code <testcase>} with an {@code <error message="...">}: the one-line error, with its file and line.
     *
     * @throws ReportException when the file cannot be written
     */
    public static void write(List<ReportSection> sections, List<ReportProblem> problems, Path file) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElement("testsuites");
            root.setAttribute("name", "studio test");
            doc.appendChild(root);
            int tests = 0;
            int failures = 0;
            int skipped = 0;
            double time = 0;
            for (ReportSection s : sections) {
                Map<String, List<CaseResult>> byVersion = new LinkedHashMap<>();
                for (CaseResult r : s.results()) {
                    byVersion.computeIfAbsent(ReportSection.version(r.promptPath(), r.promptCommit()), k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<CaseResult>> e : byVersion.entrySet()) {
                    Element suite = doc.createElement("testsuite");
                    suite.setAttribute("name", s.experiment() + " / " + e.getKey());
                    int suiteFailures = 0;
                    int suiteSkipped = 0;
                    double suiteTime = 0;
                    for (CaseResult r : e.getValue()) {
                        Element tc = doc.createElement("testcase");
                        tc.setAttribute("name", ReportSection.caseName(r));
                        tc.setAttribute("classname", s.experiment() + "." + promptName(r.promptPath()));
                        double seconds = r.latencyMs() == null ? 0 : r.latencyMs() / 1000.0;
                        tc.setAttribute("time", seconds(seconds));
                        suiteTime += seconds;
                        if (r.voted()) tc.appendChild(voteProperties(doc, r));
                        if (r.unchecked()) {
                            suiteSkipped++;
                            Element skip = doc.createElement("skipped");
                            skip.setAttribute("message", xml("unchecked: " + r.uncheckedReason()));
                            tc.appendChild(skip);
                        } else if (r.failed()) {
                            suiteFailures++;
                            Element f = doc.createElement("failure");
                            String reasons = Comparison.reasons(r);
                            f.setAttribute("message", xml(reasons));
                            f.setAttribute("type", "AssertionFailure");
                            StringBuilder body = new StringBuilder();
                            for (AssertionResult a : r.assertions()) {
                                body.append(a.pass() ? "pass " : "FAIL ").append(a.type()).append(": ").append(a.reason()).append('\n');
                            }
                            String answer = s.answers().get(r.callId());
                            if (answer != null) body.append("answer: ").append(answer).append('\n');
                            body.append("call: studio calls show ").append(r.callId()).append('\n');
                            f.setTextContent(xml(body.toString()));
                            tc.appendChild(f);
                        }
                        if (r.voted()) {
                            // Self-consistency: the case is the vote; its samples are listed under it.
                            StringBuilder samples = new StringBuilder(ReportSection.vote(r)).append('\n');
                            for (SampleAnswer a : r.samples()) samples.append(ReportSection.sample(a)).append('\n');
                            Element so = doc.createElement("system-out");
                            so.setTextContent(xml(samples.toString()));
                            tc.appendChild(so);
                        }
                        suite.appendChild(tc);
                    }
                    suite.setAttribute("tests", String.valueOf(e.getValue().size()));
                    suite.setAttribute("failures", String.valueOf(suiteFailures));
                    suite.setAttribute("errors", "0");
                    suite.setAttribute("skipped", String.valueOf(suiteSkipped));
                    suite.setAttribute("time", seconds(suiteTime));
                    root.appendChild(suite);
                    tests += e.getValue().size();
                    failures += suiteFailures;
                    skipped += suiteSkipped;
                    time += suiteTime;
                }
            }
            for (ReportProblem p : problems) root.appendChild(problem(doc, p));
            root.setAttribute("tests", String.valueOf(tests + problems.size()));
            root.setAttribute("failures", String.valueOf(failures));
            root.setAttribute("errors", String.valueOf(problems.size()));
            root.setAttribute("skipped", String.valueOf(skipped));
            root.setAttribute("time", seconds(time));
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                transformer.transform(new DOMSource(doc), new StreamResult(out));
            }
        } catch (ParserConfigurationException | TransformerException e) {
            throw new ReportException("cannot write the JUnit report " + file + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ReportException("cannot write the JUnit report " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** A voted case's figures as testcase properties: {@code agreement} (0..1), {@code votes}, {@code voters}, {@code samples}. */
    private static Element voteProperties(Document doc, CaseResult r) {
        Element props = doc.createElement("properties");
        String[][] values = {{"agreement", String.format(Locale.ROOT, "%.3f", r.agreement())},
            {"votes", String.valueOf(r.votes())}, {"voters", String.valueOf(r.voters())},
            {"samples", String.valueOf(r.samples().size())}};
        for (String[] v : values) {
            Element p = doc.createElement("property");
            p.setAttribute("name", v[0]);
            p.setAttribute("value", v[1]);
            props.appendChild(p);
        }
        return props;
    }

    private static Element problem(Document doc, ReportProblem p) {
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", p.experiment());
        suite.setAttribute("tests", "1");
        suite.setAttribute("failures", "0");
        suite.setAttribute("errors", "1");
        suite.setAttribute("skipped", "0");
        suite.setAttribute("time", seconds(0));
        Element tc = doc.createElement("testcase");
        tc.setAttribute("name", p.experiment() + " (could not run)");
        tc.setAttribute("classname", p.experiment());
        tc.setAttribute("time", seconds(0));
        Element error = doc.createElement("error");
        error.setAttribute("message", xml(p.message()));
        error.setAttribute("type", "ExperimentCouldNotRun");
        error.setTextContent(xml(p.message() + "\nNo case of this experiment ran; fix the error and run studio test again.\n"));
        tc.appendChild(error);
        suite.appendChild(tc);
        return suite;
    }

    /** XML 1.0 has no escape for most control characters, so they are dropped (a model may well answer with them). */
    static String xml(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "");
    }

    private static String promptName(String path) {
        String name = path == null ? "?" : path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".prompt") ? name.substring(0, name.length() - ".prompt".length()) : name;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
