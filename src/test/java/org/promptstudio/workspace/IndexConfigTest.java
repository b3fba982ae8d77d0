package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code index:} section of studio.yaml: defaults, a full section, and each mistake named at its place. */
class IndexConfigTest {

    @Test
    void aFileWithoutTheSectionHasTheDefaults() {
        IndexConfig index = StudioConfigReader.parse("name: ws\n").index();
        assertThat(index).isEqualTo(IndexConfig.DEFAULT);
        assertThat(index.folders()).containsExactly("docs");
        assertThat(index.chunking().maxTokens()).isEqualTo(100);
        assertThat(index.chunking().overlap()).isEqualTo(15);
        assertThat(index.redact().pii()).isFalse();
        assertThat(index.redact().patterns()).isEmpty();
        assertThat(index.redact().any()).isFalse();
        assertThat(index.injection().exclude()).isTrue();
        assertThat(StudioConfig.empty().index()).isEqualTo(IndexConfig.DEFAULT);
        assertThat(StudioConfigReader.parse("").index()).isEqualTo(IndexConfig.DEFAULT);
    }

    @Test
    void aFullSectionIsRead() {
        IndexConfig index = StudioConfigReader.parse("""
                name: ws
                index:
                  folders: [docs, handbook/faq]
                  chunking: { maxTokens: 120, overlap: 0 }
                  redact: { pii: true, patterns: [ { type: EMPLOYEE_ID, regex: "EMP-\\\\d{6}" } ] }
                  injection: { exclude: false }
                """).index();
        assertThat(index.folders()).containsExactly("docs", "handbook/faq");
        assertThat(index.chunking()).isEqualTo(new IndexConfig.Chunking(120, 0));
        assertThat(index.redact().pii()).isTrue();
        assertThat(index.redact().patterns()).containsExactly(new IndexConfig.Pattern("EMPLOYEE_ID", "EMP-\\d{6}"));
        assertThat(index.injection().exclude()).isFalse();
    }

    @Test
    void theAllowListTakesExactValuesAndRegularExpressions() {
        IndexConfig.Redact redact = StudioConfigReader.parse("""
                index:
                  redact:
                    pii: true
                    allow:
                      - support@thermalyn.example
                      - { regex: ".*@thermalyn\\\\.example" }
                      - value: "+44 20 7946 0000"
                """).index().redact();
        assertThat(redact.allow()).containsExactly(new IndexConfig.Allowed("support@thermalyn.example"),
                new IndexConfig.Allowed(null, ".*@thermalyn\\.example"), new IndexConfig.Allowed("+44 20 7946 0000"));
        assertThat(StudioConfigReader.parse("index: { redact: { pii: true } }").index().redact().allow()).isEmpty();
    }

    @Test
    void partsLeftOutKeepTheirDefaults() {
        IndexConfig index = StudioConfigReader.parse("index:\n  chunking:\n    overlap: 10\n  redact:\n    patterns:\n"
                + "      - type: TICKET\n        regex: 'T-[0-9]+'\n").index();
        assertThat(index.folders()).containsExactly("docs");
        assertThat(index.chunking()).isEqualTo(new IndexConfig.Chunking(100, 10));
        assertThat(index.redact().pii()).isFalse();
        assertThat(index.redact().any()).isTrue();
        assertThat(index.injection().exclude()).isTrue();
    }

    @Test
    void theOlderConstructorsStillWork() {
        StudioConfig seven = new StudioConfig("n", null, null, null, null, null, List.of());
        StudioConfig six = new StudioConfig("n", null, null, null, null, null);
        assertThat(seven.index()).isEqualTo(IndexConfig.DEFAULT);
        assertThat(six).isEqualTo(seven);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown key          | index:\\n  chunks: 3\\n                                  | studio.yaml:2:3: unknown key 'chunks' (known: chunking, folders, injection, redact)
            unknown chunking key | index:\\n  chunking: { max: 3 }\\n                        | studio.yaml:2:15: unknown key 'max' (known: maxTokens, overlap)
            wrong type           | index:\\n  chunking: { maxTokens: many }\\n               | studio.yaml:2:26: 'maxTokens' must be an integer
            folders not a list   | index:\\n  folders: docs\\n                               | studio.yaml:2:12: 'folders' must be a list
            pii not a boolean    | index:\\n  redact: { pii: maybe }\\n                      | studio.yaml:2:18: 'pii' must be true or false
            budget too small     | index:\\n  chunking: { maxTokens: 8 }\\n                  | studio.yaml:2:26: index.chunking.maxTokens 8 must be at least 16 (tokens in a chunk)
            budget too large     | index:\\n  chunking: { maxTokens: 1000000 }\\n            | studio.yaml:2:26: index.chunking.maxTokens 1000000 must be at most 2000 (MiniLM embeds about the first 120 tokens of a chunk)
            overlap too big      | index:\\n  chunking: { maxTokens: 50, overlap: 50 }\\n    | studio.yaml:2:39: index.chunking.overlap 50 must be from 0 to less than maxTokens (50)
            overlap negative     | index:\\n  chunking:\\n    overlap: -1\\n               | studio.yaml:3:14: index.chunking.overlap -1 must be from 0 to less than maxTokens (100)
            absolute folder      | index:\\n  folders: [docs, /etc]\\n                       | studio.yaml:2:19: index.folders[1] '/etc' must be a folder inside the workspace, written relative to it (such as docs or handbook/faq)
            folder outside       | index:\\n  folders: [docs/../../x]\\n                     | studio.yaml:2:13: index.folders[0] 'docs/../../x' is outside the workspace (folders must be inside it)
            empty folder         | index:\\n  folders: ['']\\n                               | studio.yaml:2:13: index.folders[0] is empty
            no folders           | index:\\n  folders: []\\n                                 | studio.yaml:2:12: index.folders is empty: list the folders to index (such as [docs]), or leave it out for docs
            pattern no type      | index:\\n  redact:\\n    patterns:\\n      - regex: x\\n  | studio.yaml:4:9: index.redact.patterns[0] needs a 'type', the placeholder's name (type: EMPLOYEE_ID)
            pattern no regex     | index:\\n  redact:\\n    patterns:\\n      - type: ID\\n  | studio.yaml:4:9: index.redact.patterns[0] 'ID' needs a 'regex', a Java regular expression (regex: "EMP-\\\\d{6}")
            pattern bad type     | index:\\n  redact: { patterns: [ { type: emp id, regex: x } ] }\\n | studio.yaml:2:33: index.redact.patterns[0].type 'emp id' may hold only capitals, digits and _ (such as EMPLOYEE_ID)
            pattern bad regex    | index:\\n  redact: { patterns: [ { type: ID, regex: 'a(b' } ] }\\n | studio.yaml:2:44: index.redact.patterns[0].regex does not compile: Unclosed group
            pattern empty match  | index:\\n  redact: { patterns: [ { type: ID, regex: 'a*' } ] }\\n  | studio.yaml:2:44: index.redact.patterns[0].regex matches empty text, so it would redact nothing or put placeholders between characters; make it match at least one character (a+ rather than a*, EMP-\\d+ rather than \\b)
            pattern word bound   | index:\\n  redact: { patterns: [ { type: ID, regex: '\\b' } ] }\\n  | studio.yaml:2:44: index.redact.patterns[0].regex matches empty text, so it would redact nothing or put placeholders between characters; make it match at least one character (a+ rather than a*, EMP-\\d+ rather than \\b)
            pattern lookahead    | index:\\n  redact: { patterns: [ { type: ID, regex: '(?=e)' } ] }\\n | studio.yaml:2:44: index.redact.patterns[0].regex matches empty text, so it would redact nothing or put placeholders between characters; make it match at least one character (a+ rather than a*, EMP-\\d+ rather than \\b)
            allow bad regex      | index:\\n  redact:\\n    allow:\\n      - a@b.co\\n      - { regex: '(.*@b' }\\n | studio.yaml:5:18: index.redact.allow[1].regex does not compile: Unclosed group
            allow empty          | index:\\n  redact: { allow: [ a@b.co, '' ] }\\n              | studio.yaml:2:30: index.redact.allow[1] is empty (write a value, or { regex: "..." })
            allow both           | index:\\n  redact: { allow: [ { value: a, regex: b } ] }\\n  | studio.yaml:2:22: index.redact.allow[0] has both 'value' and 'regex'; give one
            allow unknown key    | index:\\n  redact: { allow: [ { rgx: b } ] }\\n             | studio.yaml:2:24: unknown key 'rgx' (known: regex, value)
            allow not a list     | index:\\n  redact: { allow: a@b.co }\\n                    | studio.yaml:2:20: 'allow' must be a list
            pattern twice        | index:\\n  redact: { patterns: [ { type: ID, regex: a }, { type: ID, regex: b } ] }\\n | studio.yaml:2:57: duplicate pattern type 'ID' (first at line 2)
            """)
    void mistakesAreNamedAtTheirPlace(String what, String yaml, String message) {
        assertThatThrownBy(() -> StudioConfigReader.parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(WorkspaceException.class).hasMessage(message);
    }
}
