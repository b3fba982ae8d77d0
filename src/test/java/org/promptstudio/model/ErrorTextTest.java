package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void theJdksClassNamePrefixesAreTakenOut() {
        // UncheckedIOException(cause) has the message cause.toString(): "java.nio.file.NoSuchFileException: /x"
        assertThat(ErrorText.withoutClassNames("java.nio.file.NoSuchFileException: /x")).isEqualTo("/x");
        assertThat(ErrorText.withoutClassNames("a.prompt:1:2: java.lang.IllegalArgumentException: bad"))
                .isEqualTo("a.prompt:1:2: bad");
        assertThat(ErrorText.withoutClassNames("IllegalStateException: closed")).isEqualTo("closed");
        assertThat(ErrorText.withoutClassNames("failed: com.fasterxml.jackson.core.JsonParseException: x"))
                .isEqualTo("failed: x");
    }

    @Test
    void ordinaryWordsStay() {
        assertThat(ErrorText.withoutClassNames("Error: no model 'gpt-9' (see https://api.openai.com/v1)"))
                .isEqualTo("Error: no model 'gpt-9' (see https://api.openai.com/v1)");
    }

    @Test
    void fileSystemFailuresAreDescribed() {
        assertThat(ErrorText.reason(new UncheckedIOException(new NoSuchFileException("/a/b"))))
                .isEqualTo("/a/b: no such file or folder");
        assertThat(ErrorText.reason(new UncheckedIOException(new AccessDeniedException("/a/b"))))
                .isEqualTo("/a/b: permission denied");
        assertThat(ErrorText.reason(new UncheckedIOException(new IOException("disk full"))))
                .isEqualTo("disk full");
    }

    @Test
    void theUserMessageInTheCausesWins() {
        assertThat(ErrorText.reason(new CompletionException(new StudioException("datasets/x.jsonl:17: bad row"))))
                .isEqualTo("datasets/x.jsonl:17: bad row");
    }

    @Test
    void bugsSayNothingTheUserCannotUse() {
        assertThat(ErrorText.reason(new NullPointerException("Cannot invoke \"String.length()\"")))
                .isEqualTo("an internal error");
        assertThat(ErrorText.reason(new RuntimeException(new ArrayIndexOutOfBoundsException(3))))
                .isEqualTo("an internal error");
        assertThat(ErrorText.reason(new IllegalStateException())).isEqualTo("an internal error");
    }
}
