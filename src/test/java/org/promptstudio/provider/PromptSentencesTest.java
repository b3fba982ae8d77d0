package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;
import org.promptstudio.provider.PromptSentences.Kind;
import org.promptstudio.provider.PromptSentences.Sentence;

class PromptSentencesTest {

    @Test
    void splitsAtSentenceEndsButNotAtAbbreviationsOrNumbers() {
        assertThat(PromptSentences.split("Delivery takes 1-2 days. It costs €4.95! Is it free from €50? Yes."))
                .containsExactly("Delivery takes 1-2 days.", "It costs €4.95!", "Is it free from €50?", "Yes.");
        assertThat(PromptSentences.split("Cite ids, e.g. [returns-policy], after each fact. Version 2.1 is out."))
                .containsExactly("Cite ids, e.g. [returns-policy], after each fact.", "Version 2.1 is out.");
        assertThat(PromptSentences.split("Thermalyn B.V. is in Utrecht. \"Quoted.\" Next one."))
                .containsExactly("Thermalyn B.V. is in Utrecht.", "\"Quoted.\"", "Next one.");
        assertThat(PromptSentences.split("lower case after a stop. continues here")).hasSize(1);
    }

    @Test
    void ragPromptPassagesAreMaterialInstructionsAndQuestionAreNot() {
        List<Sentence> sentences = PromptSentences.of(OfflinePrompts.rag("How long do I have to return a Dial?"));

        assertThat(kindOf(sentences, "You can return any Thermalyn hardware")).isEqualTo(Kind.MATERIAL);
        assertThat(sourceOf(sentences, "You can return any Thermalyn hardware")).isEqualTo("returns-policy");
        assertThat(sourceOf(sentences, "Original packaging is preferred")).isEqualTo("returns-policy");
        assertThat(sourceOf(sentences, "We ship from our warehouse")).isEqualTo("shipping-policy");
        assertThat(kindOf(sentences, "Use only facts that appear")).isEqualTo(Kind.INSTRUCTION);
        assertThat(kindOf(sentences, "You are the customer support assistant")).isEqualTo(Kind.INSTRUCTION);
        assertThat(kindOf(sentences, "How long do I have")).isEqualTo(Kind.QUESTION);
        assertThat(sentences).extracting(Sentence::text)
                .doesNotContain("How to answer:", "Knowledge-base passages:", "\"\"\"")
                .contains("The product must be complete: the device and all parts and accessories that came in the box.");
    }

    @Test
    void labelledSectionsAndTagsAreMaterialAndFewShotTurnsAreTold() {
        List<Sentence> summary = PromptSentences.of(OfflinePrompts.summarise());
        assertThat(kindOf(summary, "Customer: My Dial thermostat")).isEqualTo(Kind.MATERIAL);
        assertThat(kindOf(summary, "Summarise the conversation")).isEqualTo(Kind.INSTRUCTION);

        List<Sentence> tagged = PromptSentences.of(List.of(Message.text(Message.USER,
                "<document>\nThe Bridge needs 2.4 GHz Wi-Fi.\n</document>\nWhich Wi-Fi band does the Bridge need?")));
        assertThat(kindOf(tagged, "The Bridge needs")).isEqualTo(Kind.MATERIAL);
        assertThat(kindOf(tagged, "Which Wi-Fi band")).isEqualTo(Kind.QUESTION);

        List<Sentence> fewShot = PromptSentences.of(OfflinePrompts.fewShot("Do you ship to Germany?"));
        assertThat(kindOf(fewShot, "How long does delivery to Belgium")).isEqualTo(Kind.EXAMPLE_QUESTION);
        assertThat(kindOf(fewShot, "Delivery to Belgium takes")).isEqualTo(Kind.MATERIAL);
        assertThat(kindOf(fewShot, "Do you ship to Germany?")).isEqualTo(Kind.QUESTION);
    }

    @Test
    void embedsASentenceWithItsPassageAndHeadingWithoutMarkdown() {
        List<Sentence> sentences = PromptSentences.of(List.of(Message.text(Message.USER,
                "[returns-policy] # Returns\n## Conditions\n- The product must be **complete**.\nWhat now?")));
        Sentence s = sentences.get(0);
        assertThat(s.text()).isEqualTo("The product must be **complete**.");
        assertThat(s.inContext()).isEqualTo("returns policy, Conditions: The product must be complete.");
    }

    private static Kind kindOf(List<Sentence> sentences, String start) {
        return find(sentences, start).kind();
    }

    private static String sourceOf(List<Sentence> sentences, String start) {
        return find(sentences, start).source();
    }

    private static Sentence find(List<Sentence> sentences, String start) {
        return sentences.stream().filter(s -> s.text().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no sentence starts with '" + start + "' in " + sentences));
    }
}
