package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;

/**
 * A case's conversation ({@code messages}, Dotprompt's history) is read whole or refused in one line naming the
 * message and field; it is never dropped silently, and no class name reaches the user (a new-user trial found
 * "class java.lang.Integer cannot be cast to class java.util.Map" for {@code "content": [1]}).
 */
class HistoryFieldTest {

    private static Map<String, Object> input(Object messages) {
        Map<String, Object> m = new HashMap<>();
        m.put("messages", messages);
        return m;
    }

    @Test
    void aConversationIsReadWithAssistantAsModel() {
        List<Message> history = ExperimentRunner.history(input(List.of(
                Map.of("role", "user", "content", "Hi"),
                Map.of("role", "assistant", "content", List.of(Map.of("text", "Hello"))))));
        assertThat(history).extracting(Message::role).containsExactly(Message.USER, Message.MODEL);
        assertThat(history.get(1).text()).isEqualTo("Hello");
        assertThat(ExperimentRunner.history(input(null))).isEmpty();
        assertThat(ExperimentRunner.history(new HashMap<>())).isEmpty();
    }

    @Test
    void everyMalformedConversationIsOneLineNamingTheField() {
        assertThatThrownBy(() -> ExperimentRunner.history(input("hello"))).isInstanceOf(ExperimentException.class)
                .hasMessage("messages must be a list of {role, content} messages (the conversation {{history}} places),"
                        + " not text");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(1, 2))))
                .hasMessage("messages[0] must be an object with a role and a content, not a number");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("content", "x")))))
                .hasMessage("messages[0].role must be one of system, user, model (or assistant), tool, not missing");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "wizard", "content", "x")))))
                .hasMessage("messages[0].role must be one of system, user, model (or assistant), tool, not 'wizard'");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "user", "content", List.of(1))))))
                .hasMessage("messages[0].content[0]: a part is an object ({text: ...}), not a number")
                .hasMessageNotContaining("java.");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "user", "content", "a"),
                Map.of("role", "user")))))
                .hasMessage("messages[1].content must be text or a list of parts ({text: ...}), not missing");
    }

    @Test
    void aPartWithNoKnownKeyIsRefusedNotSentAsAnEmptyTurn() {
        // Dotprompt's Part (js/src/types.ts): text, media, toolRequest, toolResponse (or a pending part's metadata)
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "user",
                "content", List.of(Map.of("bogus", 1)))))))
                .hasMessage("messages[0].content[0]: a part needs text (or media/toolRequest/toolResponse), found keys"
                        + " bogus");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "user",
                "content", List.of(Map.of("text", "a"), Map.of())))))).hasMessage(
                "messages[0].content[1]: a part needs text (or media/toolRequest/toolResponse), found no key");
        assertThatThrownBy(() -> ExperimentRunner.history(input(List.of(Map.of("role", "user", "content", 42)))))
                .hasMessage("messages[0].content must be text or a list of parts ({text: ...}), not a number");
        assertThatThrownBy(() -> ExperimentRunner.history(input(Map.of("role", "user", "content", "x"))))
                .hasMessageEndingWith("not an object");
        assertThat(ExperimentRunner.history(input(List.of(Map.of("role", "model", "content", List.of(
                Map.of("toolRequest", Map.of("name", "weather", "input", Map.of())))))))).hasSize(1);
    }
}
