package org.promptstudio.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.promptstudio.guard.SecretScanner.Finding;
import org.promptstudio.guard.SecretScanner.Kind;

/**
 * Fake keys are built at run time from a prefix and seeded random characters, so no key-shaped text sits in the
 * repository (the pre-commit hook would rightly refuse it).
 */
class SecretScannerTest {

    private final SecretScanner scanner = new SecretScanner();

    /** A prefix and {@code n} random letters and digits; the same seed gives the same fake. */
    static String fake(String prefix, int n, String alphabet, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    static String openAiKey() {
        return fake("sk-" + "proj-", 48, ALNUM, 1);
    }

    static String anthropicKey() {
        return fake("sk-" + "ant-" + "api03-", 80, ALNUM, 2);
    }

    static String googleKey() {
        return fake("AI" + "za", 35, ALNUM, 3);
    }

    static String awsAccessKeyId() {
        return fake("AK" + "IA", 16, UPPER_DIGITS, 4);
    }

    static String githubToken() {
        return fake("gh" + "p_", 36, ALNUM, 5);
    }

    @Test
    void eachKnownKeyFormatIsFoundWithFileLineAndKind() {
        String text = "---\nmodel: openai/gpt-4o\n---\n"
                + "key one " + openAiKey() + "\n"
                + "key two " + anthropicKey() + "\n"
                + "key three " + googleKey() + "\n"
                + "key four " + awsAccessKeyId() + "\n"
                + "key five " + githubToken() + "\n"
                + "aws_secret_access_key = " + fake("", 40, ALNUM + "/+", 6) + "\n"
                + "-----BEGIN " + "RSA PRIVATE KEY-----\n";

        List<Finding> findings = scanner.scan("prompts/answer.prompt", text);

        assertThat(findings).extracting(Finding::line, Finding::kind).containsExactly(
                Tuple.tuple(4, Kind.OPENAI_KEY),
                Tuple.tuple(5, Kind.ANTHROPIC_KEY),
                Tuple.tuple(6, Kind.GOOGLE_API_KEY),
                Tuple.tuple(7, Kind.AWS_ACCESS_KEY_ID),
                Tuple.tuple(8, Kind.GITHUB_TOKEN),
                Tuple.tuple(9, Kind.AWS_SECRET_ACCESS_KEY),
                Tuple.tuple(10, Kind.PRIVATE_KEY));
        assertThat(findings.get(0).column()).isEqualTo(9);
        assertThat(findings).allSatisfy(f -> assertThat(f.file()).isEqualTo("prompts/answer.prompt"));
    }

    @Test
    void aFindingShowsOnlyTheKnownPrefixAndTheLastFourCharacters() {
        String key = openAiKey();

        Finding f = scanner.scan("a.prompt", "use " + key).get(0);

        assertThat(f.masked()).isEqualTo("sk-..." + key.substring(key.length() - 4));
        assertThat(f.describe()).isEqualTo("a.prompt:1: OpenAI API key (" + f.masked() + ")");
        assertThat(f.describe()).doesNotContain(key.substring(3, key.length() - 4));
    }

    @Test
    void anAnthropicKeyIsNotAlsoReportedAsAnOpenAiKey() {
        List<Finding> findings = scanner.scan("a", "x " + anthropicKey());

        assertThat(findings).extracting(Finding::kind).containsExactly(Kind.ANTHROPIC_KEY);
        assertThat(findings.get(0).masked()).startsWith("sk-ant-...");
    }

    @Test
    void aGenericApiKeyWithARandomValueIsFound() {
        String value = fake("", 32, ALNUM, 7);

        List<Finding> findings = scanner.scan("studio.yaml", "models:\n  local:\n    api_key: \"" + value + "\"\n");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.GENERIC_SECRET);
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.masked()).isEqualTo("..." + value.substring(28));
        });
    }

    @Test
    void tokensPasswordsAndBearerHeadersCountAsGenericSecrets() {
        String text = "token=" + fake("", 24, ALNUM, 8) + "\n"
                + "password: " + fake("", 22, ALNUM, 9) + "\n"
                + "Authorization: Bearer " + fake("", 40, ALNUM, 10) + "\n";

        assertThat(scanner.scan("f", text)).extracting(Finding::line).containsExactly(1, 2, 3);
    }

    @Test
    void placeholdersTemplateVariablesAndOrdinaryWordsAreNotSecrets() {
        String text = """
                api_key: {{apiKey}}
                api_key: ${OPENAI_API_KEY}
                api_key: your-api-key-goes-here
                api_key: replace_with_your_own_key
                token: 12345678901234567890123
                password: aaaaaaaaaaaaaaaaaaaaaaaa1
                Ask the user for their API key and never repeat it.
                The token limit is 4096; the secret: keep answers short.
                sk-this-is-not-a-real-key-at-all
                AKIA is how AWS key ids start.
                """;

        assertThat(scanner.scan("prompts/help.prompt", text)).isEmpty();
    }

    @Test
    void aKeyInsideALongerWordIsNotTakenForAKey() {
        String embedded = "task-" + openAiKey();

        assertThat(scanner.scan("f", embedded)).isEmpty();
    }

    @Test
    void severalSecretsOnOneLineAreEachReported() {
        String text = "a=" + githubToken() + " b=" + awsAccessKeyId();

        assertThat(scanner.scan("f", text)).extracting(Finding::kind)
                .containsExactly(Kind.GITHUB_TOKEN, Kind.AWS_ACCESS_KEY_ID);
    }

    @Test
    void randomLookingValuesHaveHighEntropyAndWordsDoNot() {
        assertThat(SecretScanner.entropy(fake("", 32, ALNUM, 11))).isGreaterThan(4.0);
        assertThat(SecretScanner.entropy("aaaaaaaaaaaaaaaa")).isZero();
        assertThat(SecretScanner.looksRandom("replace_with_your_own_key")).isFalse();
        assertThat(SecretScanner.looksRandom(fake("", 24, ALNUM, 12))).isTrue();
    }
}
