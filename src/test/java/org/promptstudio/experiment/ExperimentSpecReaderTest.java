package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExperimentSpecReaderTest {

    private final ExperimentSpecReader reader = new ExperimentSpecReader();

    @Test
    void readsEveryPart() {
        ExperimentSpec spec = reader.parse("""
                description: few-shot vs zero-shot
                prompts:
                  - { prompt: answer, version: production }
                  - answer-fewshot@3
                models: [echo, extractive]
                dataset: support-questions
                split: dev
                samples: 2
                strategy: { type: few-shot, k: 3, selection: nearest, pool: faq-examples, seed: 7 }
                params: { temperature: 0 }
                concurrency: 8
                """, "x", "experiments/x.yaml");
        assertThat(spec.prompts()).containsExactly(new ExperimentSpec.PromptSpec("answer", "production"),
                new ExperimentSpec.PromptSpec("answer-fewshot", "3"));
        assertThat(spec.models()).containsExactly("echo", "extractive");
        assertThat(spec.samples()).isEqualTo(2);
        assertThat(spec.strategy().k()).isEqualTo(3);
        assertThat(spec.strategy().pool()).isEqualTo("faq-examples");
        assertThat(spec.params()).containsEntry("temperature", 0);
        assertThat(spec.concurrency()).isEqualTo(8);
    }

    @Test
    void unknownKeyNamesItsLine() {
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nsampels: 3\n", "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:4: unknown key 'sampels' (known: assertions, concurrency, dataset, description, "
                        + "inputs, models, params, prompts, retrieve, samples, split, strategy, test)");
    }

    @Test
    void testTrueMarksAPromptTestAndOnlyAYamlBooleanIsTaken() {
        String base = "prompts: [a]\nmodels: [echo]\ndataset: d\n";
        assertThat(reader.parse(base + "test: true\n", "x", "experiments/x.yaml").test()).isTrue();
        assertThat(reader.parse(base + "test: false\n", "x", "experiments/x.yaml").test()).isFalse();
        assertThat(reader.parse(base, "x", "experiments/x.yaml").test()).isFalse();
        for (String notBoolean : new String[] {"yes", "'true'", "1", "[true]"}) {
            assertThatThrownBy(() -> reader.parse(base + "test: " + notBoolean + "\n", "x", "experiments/x.yaml"))
                    .as(notBoolean).hasMessageStartingWith("experiments/x.yaml:4: 'test' must be true or false, found '");
        }
    }

    @Test
    void badStrategyAndRegexAreReported() {
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nstrategy: { type: tree-of-thought }\n",
                "x", "experiments/x.yaml")).hasMessageContaining("strategy type must be one of chain-of-thought, few-shot,");
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n"
                + "strategy: { type: chain-of-thought, answerPattern: 'Answer: \\d+' }\n", "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:4: answerPattern needs a group (...) around the answer");
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\n", "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml: give a 'dataset' or inline 'inputs'");
    }

    @Test
    void assertionsAreReadAsWrittenInBlockOrFlowStyle() {
        ExperimentSpec spec = reader.parse("""
                prompts: [a]
                models: [echo]
                dataset: d
                assertions: [ {type: contains, value: "30 days"}, {type: similar, threshold: 0.8, weight: 2} ]
                """, "x", "experiments/x.yaml");
        assertThat(spec.assertions()).containsExactly(java.util.Map.of("type", "contains", "value", "30 days"),
                java.util.Map.of("type", "similar", "threshold", 0.8, "weight", 2));
        ExperimentSpec none = reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n", "x", "experiments/x.yaml");
        assertThat(none.assertions()).isEmpty();
    }

    @Test
    void aBadAssertionNamesItsLine() {
        assertThatThrownBy(() -> reader.parse("""
                prompts: [a]
                models: [echo]
                dataset: d
                assertions:
                  - type: contains
                    value: [a, b]
                  - value: x
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:7: assertion 2 needs a 'type'");
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nassertions:\n  - {type: bleu, weight: heavy}\n",
                "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:5: assertion 1: 'weight' must be a number");
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nassertions: contains\n",
                "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:4: 'assertions' must be a list");
    }

    @Test
    void everySampleExperimentReads() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("sample-workspaces"))) {
            for (Path f : files.filter(p -> p.getParent() != null && p.getParent().endsWith("experiments") && p.toString().endsWith(".yaml")).toList()) {
                ExperimentSpec spec = reader.read(f, f.toString());
                assertThat(spec.prompts()).as(f.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void assertionsAreKeptAsWrittenAndEachNeedsAType() {
        ExperimentSpec spec = reader.parse("""
                prompts: [a]
                models: [echo]
                dataset: d
                assertions:
                  - { type: contains, value: "30 days" }
                  - type: similar
                    value: refund within a month
                    threshold: 0.8
                """, "x", "experiments/x.yaml");
        assertThat(spec.assertions()).hasSize(2);
        assertThat(spec.assertions().get(0)).containsEntry("type", "contains").containsEntry("value", "30 days");
        assertThat(spec.assertions().get(1)).containsEntry("threshold", 0.8);
        assertThat(reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n", "x", "x").assertions()).isEmpty();
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nassertions:\n  - { value: x }\n",
                "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:5: assertion 1 needs a 'type'");
    }

    @Test
    void aPromptMayHaveFewShotExamplesOfItsOwn() {
        ExperimentSpec spec = reader.parse("""
                prompts:
                  - { prompt: solve, version: working }
                  - { prompt: solve.fewshot-cot, examples: { pool: cot-examples, k: 2, selection: fixed } }
                  - prompt: solve.nearest
                    examples:
                      pool: cot-examples
                      seed: 7
                models: [echo]
                dataset: word-problems
                strategy: { type: chain-of-thought }
                """, "x", "experiments/x.yaml");
        assertThat(spec.prompts().get(0).examples()).isNull();
        assertThat(spec.prompts().get(1)).isEqualTo(new ExperimentSpec.PromptSpec("solve.fewshot-cot", "working",
                new ExperimentSpec.Examples("cot-examples", 2, "fixed", null)));
        // k 3 and nearest when left out, as for the few-shot strategy
        assertThat(spec.prompts().get(2).examples()).isEqualTo(new ExperimentSpec.Examples("cot-examples", 3, "nearest", 7L));
        assertThat(spec.strategy().examples()).isNull();
    }

    @Test
    void chainOfThoughtAndSelfConsistencyMayNameAPoolForEveryPrompt() {
        ExperimentSpec cot = reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n"
                + "strategy: { type: chain-of-thought, pool: cot-examples, k: 2, selection: random, seed: 3 }\n", "x", "x");
        assertThat(cot.strategy().examples()).isEqualTo(new ExperimentSpec.Examples("cot-examples", 2, "random", 3L));
        ExperimentSpec sc = reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n"
                + "strategy: { type: self-consistency, votes: 3, pool: cot-examples }\n", "x", "x");
        assertThat(sc.strategy().examples()).isEqualTo(new ExperimentSpec.Examples("cot-examples", 3, "nearest", null));
        assertThat(reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\nstrategy: chain-of-thought\n", "x", "x")
                .strategy().examples()).isNull();
    }

    @Test
    void badExampleSettingsNameTheirLineAndColumn() {
        // columns counted from 1 at the key, as the YAML errors of this file are
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - { prompt: a }
                  - { prompt: b, examples: { pool: p, kk: 3 } }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:3:39: unknown key 'examples.kk' (known: k, pool, seed, selection)");
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - prompt: b
                    exampels: { pool: p }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:3:5: unknown key 'prompts.exampels' (known: examples, prompt, version)");
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - { prompt: b, examples: { k: 3 } }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:2:18: 'examples' needs a 'pool' (the dataset the examples come from)");
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - { prompt: b, examples: { pool: p, selection: closest } }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:2:39: selection must be fixed, random or nearest, found 'closest'");
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - { prompt: b, examples: { pool: p, k: 0 } }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:2:39: 'k' must be a whole number of at least 1");
        assertThatThrownBy(() -> reader.parse("""
                prompts:
                  - { prompt: b, examples: cot-examples }
                models: [echo]
                dataset: d
                """, "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:2:18: 'examples' must be a mapping like { pool: DATASET, k: 3, selection: fixed }");
    }

    @Test
    void exampleSettingsWithoutAPoolOrWithZeroShotAreRefused() {
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n"
                + "strategy: { type: chain-of-thought, k: 3 }\n", "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:4:37: 'k' chooses few-shot examples, so it needs a 'pool' dataset");
        assertThatThrownBy(() -> reader.parse("prompts: [a]\nmodels: [echo]\ndataset: d\n"
                + "strategy: { type: zero-shot, pool: d }\n", "x", "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:4:30: zero-shot uses no examples; use few-shot, or chain-of-thought or"
                        + " self-consistency with this pool");
    }

    @Test
    void inlineInputsAreTypedByTheYaml12CoreSchema() {
        // YAML 1.2.2 section 10.3.2 (as the JavaScript yaml package reads it): NO and yes are text, 012345 is the
        // decimal 12345 (never octal 5349), 0x1F is 31, ~ is null.
        ExperimentSpec spec = reader.parse("prompts: [a]\nmodels: [echo]\ninputs:\n"
                + "  - {country: NO, ok: yes, postcode: 012345, mask: 0x1F, none: ~, flag: True}\n", "x", "experiments/x.yaml");
        java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("country", "NO");
        expected.put("ok", "yes");
        expected.put("postcode", 12345);
        expected.put("mask", 31);
        expected.put("none", null);
        expected.put("flag", true);
        assertThat(spec.inputs()).containsExactly(expected);
    }

    @Test
    void aYamlSyntaxErrorIsOnePlainLineWithItsPlace(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // issue 11: no SnakeYAML excerpt, no 'reader', no "while parsing a flow sequence".
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "prompts: [answer]\nmodels: [echo, extractive\ndataset: support-questions\n");
        assertThatThrownBy(() -> reader.read(file, "experiments/x.yaml")).isInstanceOf(ExperimentException.class)
                .hasMessage("experiments/x.yaml:2:9: a list opened with '[' is not closed");
        Files.writeString(file, "prompts: [answer]\n\tmodels: [echo]\n");
        assertThatThrownBy(() -> reader.read(file, "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:2:1: tab characters cannot indent (use spaces)");
        Files.writeString(file, "prompts: [answer]\nmodels: [echo]\nmodels: [extractive]\n");
        assertThatThrownBy(() -> reader.read(file, "experiments/x.yaml"))
                .hasMessage("experiments/x.yaml:3:1: duplicate key 'models' (first at line 2)");
    }
}
