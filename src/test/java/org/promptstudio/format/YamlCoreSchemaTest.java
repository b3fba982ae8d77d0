package org.promptstudio.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plain scalars are typed by the YAML 1.2 core schema. Reference values: YAML 1.2.2 (2021-10-01), section 10.3.2
 * "Tag Resolution" (its regular expressions) and Example 10.9 "Core Tag Resolution"; the JavaScript {@code yaml}
 * package that Dotprompt's reference implementation uses gives the same values (YAML 1.2 core is its default).
 */
class YamlCoreSchemaTest {

    private static final ObjectMapper YAML = Yaml.mapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String text) throws JsonProcessingException {
        return YAML.readValue(text, LinkedHashMap.class);
    }

    @Test
    void example10_9CoreTagResolution() throws JsonProcessingException {
        // YAML 1.2.2 Example 10.9, value by value.
        Map<String, Object> m = read("""
                A null: null
                Also a null: # Empty
                Not a null: ""
                Booleans: [ true, True, false, FALSE ]
                Integers: [ 0, 0o7, 0x3A, -19 ]
                Floats: [ 0., -0.0, .5, +12e03, -2E+05 ]
                Also floats: [ .inf, -.Inf, +.INF, .NAN ]
                """);
        assertThat(m.get("A null")).isNull();
        assertThat(m).containsKey("Also a null");
        assertThat(m.get("Also a null")).isNull();
        assertThat(m.get("Not a null")).isEqualTo("");
        assertThat((List<Object>) m.get("Booleans")).containsExactly(true, true, false, false);
        assertThat((List<Object>) m.get("Integers")).containsExactly(0, 7, 58, -19);
        assertThat((List<Object>) m.get("Floats")).containsExactly(0.0, -0.0, 0.5, 12000.0, -200000.0);
        assertThat((List<Object>) m.get("Also floats")).containsExactly(Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN);
    }

    @Test
    void onlyTrueAndFalseAreBooleansSoNorwayIsText() throws JsonProcessingException {
        // Issue 10 section 3: in an enum [SE, NO, DK, FI], NO is the string "NO" (YAML 1.1 made it false).
        Map<String, Object> m = read("countries: [SE, NO, DK, FI]\nwords: [yes, no, on, off, y, n, Yes, ON, Off]\n");
        assertThat((List<Object>) m.get("countries")).containsExactly("SE", "NO", "DK", "FI");
        assertThat((List<Object>) m.get("words")).containsExactly("yes", "no", "on", "off", "y", "n", "Yes", "ON", "Off");
    }

    @Test
    void leadingZerosAreDecimalNeverOctal() throws JsonProcessingException {
        // 10.3.2: int (base 10) is [-+]?[0-9]+, so 012345 is 12345; octal needs 0o (YAML 1.1 read 012345 as 5349).
        Map<String, Object> m = read("postcode: 012345\nminus: -007\nplus: +12\noctal: 0o14\nhex: 0x1F\n"
                + "big: 123456789012345678901234567890\nlong: 4294967296\n");
        assertThat(m.get("postcode")).isEqualTo(12345);
        assertThat(m.get("minus")).isEqualTo(-7);
        assertThat(m.get("plus")).isEqualTo(12);
        assertThat(m.get("octal")).isEqualTo(12);
        assertThat(m.get("hex")).isEqualTo(31);
        assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(m.get("long")).isEqualTo(4294967296L);
    }

    @Test
    void whatYaml11TypedButTheCoreSchemaDoesNotStaysText() throws JsonProcessingException {
        // Not matched by any 10.3.2 expression, so tag:yaml.org,2002:str: YAML 1.1 sexagesimals, underscores,
        // timestamps, 0b binary, the 1.1 null/bool spellings in other cases.
        Map<String, Object> m = read("a: 1:20\nb: 1_000\nc: 2001-12-14\nd: 0b101\ne: NUll\nf: tRUE\ng: 0o8\nh: 1e5x\n"
                + "i: .5.\nj: 0xG\n");
        assertThat(m.values()).containsExactly("1:20", "1_000", "2001-12-14", "0b101", "NUll", "tRUE", "0o8", "1e5x",
                ".5.", "0xG");
    }

    @Test
    void quotedAndTaggedScalarsAreTakenAsWritten() throws JsonProcessingException {
        Map<String, Object> m = read("a: 'NO'\nb: \"012345\"\nc: !!str 12\nd: |\n  true\n");
        assertThat(m.values()).containsExactly("NO", "012345", "12", "true\n");
    }

    record Address(String postcode, String country, String flag) {
    }

    @Test
    void aTextFieldKeepsTheNumberAsWritten() throws JsonProcessingException {
        // A field the reader declares as text gets the scalar's own text: the postcode keeps its leading zero.
        Address a = YAML.readValue("postcode: 012345\ncountry: NO\nflag: 0x1F\n", Address.class);
        assertThat(a).isEqualTo(new Address("012345", "NO", "0x1F"));
    }

    @Test
    void aProblemIsOneLineWithItsPlace() {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> YAML.readTree("name: x\ndescription: a: b\n"));
        Yaml.Problem p = Yaml.Problem.of(e);
        assertThat(p).isEqualTo(new Yaml.Problem(2, 15,
                "unexpected ':' (put a value that holds ': ' in quotes, or check the indentation)", true));
        assertThat(Arrays.asList(p.reason().split("\n"))).hasSize(1);
    }

    @Test
    void theSyntaxCheckReadsTheWholeTextAndFindsNothingInValidYaml() {
        assertThat(Yaml.syntaxProblem("a: [1, {b: c}]\n? [complex, key]\n: value\n---\nsecond: doc\n")).isEmpty();
        assertThat(Yaml.syntaxProblem("")).isEmpty();
        // The error is at the end, after values a binding reader would refuse first.
        assertThat(Yaml.syntaxProblem("a: [1]\nb: {c: d}\nz: \"open\n"))
                .contains(new Yaml.Problem(3, 4, "a text opened with '\"' is not closed", true));
    }
}
