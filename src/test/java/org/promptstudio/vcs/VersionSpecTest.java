package org.promptstudio.vcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionSpecTest {

    @Test
    void numbersWordsAndNamesAreTold() {
        assertThat(VersionSpec.parse("3")).isEqualTo(new VersionSpec.Number(3));
        assertThat(VersionSpec.parse("working")).isEqualTo(new VersionSpec.Working());
        assertThat(VersionSpec.parse("WC")).isEqualTo(new VersionSpec.Working());
        assertThat(VersionSpec.parse("latest")).isEqualTo(new VersionSpec.Latest());
        assertThat(VersionSpec.parse(null)).isEqualTo(new VersionSpec.Latest());
        assertThat(VersionSpec.parse("production")).isEqualTo(new VersionSpec.Named("production"));
        assertThat(VersionSpec.parse("1a2b3c4")).isEqualTo(new VersionSpec.Named("1a2b3c4"));
    }

    @Test
    void versionZeroIsRefused() {
        assertThatThrownBy(() -> VersionSpec.parse("0")).hasMessage("versions are numbered from 1; there is no version 0");
    }

    @Test
    void sevenDigitsOrMoreAreAShortCommitIdWithoutLetters() {
        assertThat(VersionSpec.parse("999999")).isEqualTo(new VersionSpec.Number(999999));
        assertThat(VersionSpec.parse("4918456")).isEqualTo(new VersionSpec.Named("4918456"));
        assertThat(VersionSpec.parse("99999999999")).isEqualTo(new VersionSpec.Named("99999999999"));
    }

    @Test
    void promptAtSplitsAtTheLastAt() {
        assertThat(VersionSpec.promptAt("answer@production")).isEqualTo(new VersionSpec.PromptAt("answer", "production"));
        assertThat(VersionSpec.promptAt("answer.formal@3")).isEqualTo(new VersionSpec.PromptAt("answer.formal", "3"));
        assertThat(VersionSpec.promptAt("answer")).isEqualTo(new VersionSpec.PromptAt("answer", null));
    }

    @Test
    void anEmptySideOfTheAtIsRefused() {
        assertThatThrownBy(() -> VersionSpec.promptAt("answer@")).hasMessageContaining("nothing after '@'");
        assertThatThrownBy(() -> VersionSpec.promptAt("@3")).hasMessageContaining("expected PROMPT@VERSION");
    }
}
