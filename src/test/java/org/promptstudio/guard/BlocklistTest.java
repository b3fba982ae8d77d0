package org.promptstudio.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocklistTest {

    @Test
    void termsMatchAsWholeWordsIgnoringCaseAndSpacing() {
        Blocklist list = new Blocklist(List.of("cat", "Project Falcon", "c++"));

        assertThat(list.find("The CAT sat.")).containsExactly("cat");
        assertThat(list.find("concatenate the cats")).isEmpty();
        assertThat(list.find("news of project\n  FALCON today")).containsExactly("Project Falcon");
        assertThat(list.find("written in C++, not c+")).containsExactly("c++");
        assertThat(list.find("Cat and project falcon")).containsExactly("cat", "Project Falcon");
        assertThat(list.find(null)).isEmpty();
    }

    @Test
    void aRegularExpressionInATermIsTakenLiterally() {
        Blocklist list = new Blocklist(List.of("a.b"));

        assertThat(list.find("axb")).isEmpty();
        assertThat(list.find("see a.b here")).containsExactly("a.b");
    }

    @Test
    void anEmptyTermIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> new Blocklist(Arrays.asList("ok", " ")))
                .isInstanceOf(GuardException.class).hasMessage("blocklist term 2 is empty");
    }

    @Test
    void aFileHoldsOneTermALineWithComments() {
        assertThat(Blocklist.termsOf("# banned\nfalcon\n\n  heron  \r\n#x\n")).containsExactly("falcon", "heron");
    }
}
