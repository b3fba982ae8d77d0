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
    void aTermInAScriptWrittenWithoutSpacesIsFoundInsideARunOfLetters() {
        Blocklist list = new Blocklist(List.of("数据", "ひみつ", "ความลับ", "AI数据", "비밀", "cat"));

        assertThat(list.find("我的数据很重要")).containsExactly("数据");
        assertThat(list.find("これはひみつです")).containsExactly("ひみつ");
        assertThat(list.find("นี่คือความลับของเรา")).containsExactly("ความลับ");
        // a Latin end keeps its word boundary; the Han end has none
        assertThat(list.find("用AI数据训练")).containsExactly("数据", "AI数据");
        assertThat(list.find("用OPENAI数据训练")).containsExactly("数据");
        // Korean is written with spaces: whole words still
        assertThat(list.find("이것은 비밀입니다")).isEmpty();
        assertThat(list.find("이것은 비밀 입니다")).containsExactly("비밀");
        assertThat(list.find("猫cat猫")).containsExactly("cat");
        assertThat(list.find("concatenate")).isEmpty();
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
