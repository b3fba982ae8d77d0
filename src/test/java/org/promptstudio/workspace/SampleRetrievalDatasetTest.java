package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The support-assistant sample's retrieval dataset (issue 14): loads through the ordinary dataset loader with no
 * problems, has at least 45 questions, and every relevant path names a document of the sample's docs folder.
 */
class SampleRetrievalDatasetTest {

    private static final Path SAMPLE = Path.of("sample-workspaces/support-assistant");

    @Test
    void retrievalQuestionsLoadAndPointAtRealDocuments() {
        Datasets datasets = new Datasets(Workspace.open(SAMPLE));
        Dataset d = datasets.find("retrieval-questions").orElseThrow();
        assertThat(d.problems()).isEmpty();
        assertThat(d.cases()).hasSizeGreaterThanOrEqualTo(45);
        Set<String> questions = new HashSet<>();
        Set<Object> cited = new HashSet<>();
        for (TestCase c : d.cases()) {
            assertThat(c.input().get("question")).isInstanceOf(String.class);
            assertThat(questions.add((String) c.input().get("question"))).as("repeated question").isTrue();
            assertThat(c.input().get("relevant")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .isNotEmpty().doesNotHaveDuplicates()
                    .allSatisfy(p -> assertThat(SAMPLE.resolve((String) p)).isRegularFile());
            cited.addAll((List<?>) c.input().get("relevant"));
        }
        // the questions reach most of the documents, not a few favourites
        assertThat(cited.size()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void everyAnswerIsAPhraseOfOneOfItsRelevantDocuments() throws java.io.IOException {
        // the answers measure contextual compression (eval-retrieval --compression): each must be in a document's text
        Dataset d = new Datasets(Workspace.open(SAMPLE)).find("retrieval-questions").orElseThrow();
        for (TestCase c : d.cases()) {
            Object answer = c.input().get("answer");
            assertThat(answer).as("line %d: answer", c.sourceLine()).isInstanceOf(String.class);
            assertThat(((String) answer).split(" ")).as("line %d: a short phrase", c.sourceLine()).hasSizeLessThan(12);
            boolean found = false;
            for (Object p : (List<?>) c.input().get("relevant")) {
                found |= text(SAMPLE.resolve((String) p)).contains((String) answer);
            }
            assertThat(found).as("line %d: '%s' in %s", c.sourceLine(), answer, c.input().get("relevant")).isTrue();
        }
    }

    /** A document's text: an HTML file without its tags and with the entities the sample uses spelled out. */
    private static String text(Path file) throws java.io.IOException {
        String text = Files.readString(file);
        if (!file.toString().endsWith(".html")) return text;
        return text.replaceAll("<[^>]+>", "").replace("&gt;", ">").replace("&lt;", "<").replace("&euro;", "\u20ac")
                .replace("&deg;", "\u00b0").replace("&amp;", "&");
    }

    @Test
    void everySampleDatasetStillLoadsWithoutProblems() {
        for (Dataset d : new Datasets(Workspace.open(SAMPLE)).loadAll()) {
            assertThat(d.problems()).as(d.name()).isEmpty();
        }
        assertThat(Files.exists(SAMPLE.resolve("datasets/support-questions.jsonl"))).isTrue();
    }
}
