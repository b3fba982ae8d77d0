package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input values as text: structured ones as compact JSON (RFC 8259; escapes from its section 7), texts as they are. */
class InputTextTest {

    @Test
    void structuredValuesAreJsonAndTextsAreAsTheyAre() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("city", "Oslo");
        input.put("tool_results", Map.of("weather", Map.of("temp", 21)));
        input.put("tags", List.of("a", 2, true, 2.5));
        input.put("none", null);
        input.put("said", Arrays.asList("he said \"hi\"\n", null));

        assertThat(InputText.fields(input)).isEqualTo("""
                city: Oslo
                tool_results: {"weather":{"temp":21}}
                tags: ["a",2,true,2.5]
                none: \n\
                said: ["he said \\"hi\\"\\n",null]""");
    }

    @Test
    void controlCharactersAndNonNumbersStayValidJson() {
        assertThat(InputText.json(List.of("\u0001\t", Double.NaN))).isEqualTo("[\"\\u0001\\t\",null]");
    }
}
