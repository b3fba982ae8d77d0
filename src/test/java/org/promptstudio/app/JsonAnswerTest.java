package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSON answers shown formatted (decision 0086); indentation as JSON.stringify(v, null, 2) (ECMA-262, JSON.stringify). */
class JsonAnswerTest {

    @Test
    void anObjectOrArrayIsPrettyPrintedKeepingKeyOrder() {
        assertThat(JsonAnswer.pretty("{\"b\":1,\"a\":[true,null]}")).contains("{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ]\n}");
        assertThat(JsonAnswer.pretty("```json\n[1, 2]\n```")).contains("[\n  1,\n  2\n]");
    }

    @Test
    void proseABareValueOrBrokenJsonStayAsTheyAre() {
        assertThat(JsonAnswer.pretty("It is 21 degrees.")).isEmpty();
        assertThat(JsonAnswer.pretty("21")).isEmpty();
        assertThat(JsonAnswer.pretty("{\"a\": 1")).isEmpty();
        assertThat(JsonAnswer.pretty("{\"a\": 1} and more")).isEmpty();
        assertThat(JsonAnswer.pretty(null)).isEmpty();
    }
}
