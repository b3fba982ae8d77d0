package org.promptstudio.ui.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.HeldTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.prompt.PromptViewModel.Line;
import org.promptstudio.ui.prompt.PromptViewModel.MetaRow;

class PromptViewModelTest {

    @TempDir
    Path root;

    PromptLibrary library;
    PromptViewModel vm;

    @BeforeEach
    void open() {
        TestWorkspace.create(root);
        library = Studio.open(root).prompts();
        vm = new PromptViewModel(library, TaskRunner.callingThread());
    }

    @Test
    void showsSourceMetadataAndOneBlockPerRenderedMessage() {
        vm.onShow(library.require("answer"));

        assertThat(vm.titleProperty().get()).isEqualTo("answer");
        assertThat(vm.pathProperty().get()).isEqualTo("prompts/answer.prompt");
        assertThat(vm.sourceProperty().get().text()).startsWith("---\nname: answer\n").contains("{{> rules}}");
        assertThat(vm.meta()).contains(
                new MetaRow("Name", "answer"),
                new MetaRow("Description", "Answer a customer question."),
                new MetaRow("Model", "extractive"),
                new MetaRow("Config", "temperature 0.3"),
                new MetaRow("Input", "question: string — the customer's question\n"
                        + "customer_name (optional): string — first name if known (default: there)"));
        assertThat(vm.messages()).extracting(PromptViewModel.MessageBlock::role).containsExactly("system", "user");
        assertThat(vm.messages().get(0).text())
                .isEqualTo("You are a support assistant. Start with \"Hi there,\".\nNever invent policy.");
        assertThat(vm.messages().get(1).text()).isEqualTo("<question>");
        assertThat(vm.exampleInputProperty().get()).isEqualTo("question = <question>, customer_name = there");
        assertThat(vm.renderErrorProperty().get()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void sourceHighlightsFrontMatterKeysAndTags() {
        vm.onShow(library.require("answer"));
        var source = vm.sourceProperty().get();
        assertThat(source.textOf("fm-key")).startsWith("name", "description", "model", "config", "temperature");
        assertThat(source.textOf("hb-role")).containsExactly("{{role \"system\"}}", "{{role \"user\"}}");
        assertThat(source.textOf("hb-partial")).containsExactly("{{> rules}}");
        assertThat(source.textOf("hb-variable")).containsExactly("{{customer_name}}", "{{question}}");
    }

    @Test
    void aBrokenPromptKeepsItsSourceAndShowsTheErrorWithFileAndLine() {
        vm.onShow(library.require("broken"));

        assertThat(vm.renderErrorProperty().get())
                .startsWith("prompts/broken.prompt:" + TestWorkspace.BROKEN_LINE + ":")
                .contains("unknown helper 'shout'");
        assertThat(vm.sourceProperty().get().text()).contains("{{shout question}}");
        assertThat(vm.meta()).contains(new MetaRow("Description", "Calls a helper that does not exist."));
        assertThat(vm.messages()).isEmpty();
    }

    @Test
    void frontMatterThatIsNotYamlShowsTheErrorAndNoMetadata() throws Exception {
        Files.writeString(root.resolve("prompts/bad.prompt"), "---\nname: bad\nconfig: [a\n---\nHi\n");
        vm.onShow(library.require("bad"));

        assertThat(vm.renderErrorProperty().get()).startsWith("prompts/bad.prompt:3:").contains("invalid YAML");
        assertThat(vm.meta()).isEmpty();
        assertThat(vm.sourceProperty().get().text()).contains("config: [a");
    }

    @Test
    void showingAGoodPromptAfterABrokenOneClearsTheError() {
        vm.onShow(library.require("broken"));
        vm.onShow(library.require("answer.formal"));

        assertThat(vm.renderErrorProperty().get()).isEmpty();
        assertThat(vm.meta()).contains(new MetaRow("Name", "answer (variant formal)"));
        assertThat(vm.messages()).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Dear customer, regarding: <question>"));
    }

    @Test
    void mediaPartsBecomeLinkLines() {
        vm.onShow(library.require("picture"));

        assertThat(vm.messages()).singleElement().satisfies(m -> assertThat(m.lines()).containsExactly(
                new Line(Line.Kind.TEXT, "Describe this picture."),
                new Line(Line.Kind.MEDIA, "https://example.com/cat.png")));
    }

    @Test
    void aFileThatVanishedIsReportedNotThrown() throws Exception {
        var ref = library.require("answer");
        Files.delete(ref.file());
        vm.onShow(ref);

        assertThat(vm.renderErrorProperty().get()).isEqualTo("prompts/answer.prompt: file not found");
        assertThat(vm.sourceProperty().get().text()).isEmpty();
    }

    @Test
    void anAnswerThatArrivesAfterANewerRequestIsDropped() {
        HeldTaskRunner runner = new HeldTaskRunner();
        PromptViewModel slow = new PromptViewModel(library, runner);
        slow.onShow(library.require("answer"));
        slow.onShow(library.require("answer.formal"));

        runner.complete(1);
        assertThat(slow.messages()).singleElement()
                .satisfies(m -> assertThat(m.text()).startsWith("Dear customer"));
        runner.complete(0);
        assertThat(slow.titleProperty().get()).isEqualTo("answer.formal");
        assertThat(slow.messages()).singleElement()
                .satisfies(m -> assertThat(m.text()).startsWith("Dear customer"));
    }
}
