package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.promptstudio.model.StudioException;

class NotificationsTest {

    final Notifications notifications = new Notifications();

    @Test
    void anErrorIsOneLineWithTheReasonAndTheCausesAreDetails() {
        notifications.error("Cannot rename prompts/a.prompt",
                new StudioException("prompts/b.prompt: already exists", new java.io.IOException("EEXIST")));

        Notifications.Notice notice = notifications.notices().get(0);
        assertThat(notice.level()).isEqualTo(Notifications.Level.ERROR);
        assertThat(notice.message()).isEqualTo("Cannot rename prompts/a.prompt: prompts/b.prompt: already exists")
                .doesNotContain("Exception").doesNotContain("\n");
        assertThat(notice.details()).contains("StudioException", "Caused by: java.io.IOException: EEXIST", "    at ");
    }

    @Test
    void onlyTheNewestAreKeptAndADismissedOneGoes() {
        for (int i = 1; i <= Notifications.KEPT + 2; i++) notifications.info("note " + i);
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("note 3", "note 4", "note 5", "note 6");

        notifications.dismiss(notifications.notices().get(0));
        assertThat(notifications.notices()).extracting(Notifications.Notice::message)
                .containsExactly("note 4", "note 5", "note 6");
    }
}
