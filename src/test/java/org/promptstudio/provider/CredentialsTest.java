package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path tmp;

    private Path file(String text, String perms) throws Exception {
        Path f = tmp.resolve("credentials");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        Credentials c = new Credentials(Map.of("OPENAI_API_KEY", "sk-env"),
                file("OPENAI_API_KEY=sk-file\n", "rw-------"));

        assertThat(c.find("OPENAI_API_KEY")).get().extracting(Secret::reveal).isEqualTo("sk-env");
    }

    @Test
    void theFileIsReadWhenTheEnvironmentHasNothing() throws Exception {
        Credentials c = new Credentials(Map.of(), file("""
                # keys
                export ANTHROPIC_API_KEY="sk-ant-file"

                GEMINI_API_KEY = 'AIza-file'
                not a line
                """, "rw-------"));

        assertThat(c.find("ANTHROPIC_API_KEY")).get().extracting(Secret::reveal).isEqualTo("sk-ant-file");
        assertThat(c.find("GEMINI_API_KEY", "GOOGLE_API_KEY")).get().extracting(Secret::reveal).isEqualTo("AIza-file");
        assertThat(c.find("OPENAI_API_KEY")).isEmpty();
    }

    @Test
    void aFileOthersCanReadIsRefusedSayingSo() throws Exception {
        Path f = file("OPENAI_API_KEY=sk-file\n", "rw-r--r--");
        Credentials c = new Credentials(Map.of(), f);

        assertThatThrownBy(() -> c.find("OPENAI_API_KEY"))
                .isInstanceOf(ProviderException.class)
                .hasMessage(f + " can be read by others (rw-r--r--); not read: run chmod 600 " + f);
        assertThat(c.check("OPENAI_API_KEY").isReady()).isFalse();
        assertThat(c.check("OPENAI_API_KEY").reason()).contains("can be read by others");
    }

    @Test
    void aKeyInTheEnvironmentIsFoundEvenWhenTheFileIsUnsafe() throws Exception {
        Credentials c = new Credentials(Map.of("OPENAI_API_KEY", "sk-env"), file("X=1\n", "rw-rw-rw-"));

        assertThat(c.check("OPENAI_API_KEY").isReady()).isTrue();
    }

    @Test
    void storeCreatesTheFolderAndFileForTheOwnerOnlyAndKeepsOtherEntries() throws Exception {
        Path f = tmp.resolve("config/prompt-studio/credentials");
        Credentials c = new Credentials(Map.of(), f);

        c.store("OPENAI_API_KEY", "sk-one");
        c.store("ANTHROPIC_API_KEY", "sk-ant-two");
        c.store("OPENAI_API_KEY", "sk-three");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent()))).isEqualTo("rwx------");
        assertThat(c.find("OPENAI_API_KEY")).get().extracting(Secret::reveal).isEqualTo("sk-three");
        assertThat(c.find("ANTHROPIC_API_KEY")).get().extracting(Secret::reveal).isEqualTo("sk-ant-two");
    }

    @Test
    void aSecretNeverPrintsItsValue() throws Exception {
        Credentials c = new Credentials(Map.of("OPENAI_API_KEY", "sk-very-secret-value"), tmp.resolve("none"));
        Secret s = c.find("OPENAI_API_KEY").orElseThrow();

        assertThat(s.toString()).isEqualTo("*** (environment OPENAI_API_KEY)").doesNotContain("sk-very");
        assertThat(c.toString()).doesNotContain("sk-very");
        assertThat(c.check("OPENAI_API_KEY")).isEqualTo(Readiness.keySet()); // the key is set; no server was asked
    }

    @Test
    void aMissingKeyNamesEveryVariableAndTheFile() {
        Credentials c = new Credentials(Map.of(), tmp.resolve("credentials"));

        assertThat(c.check("GEMINI_API_KEY", "GOOGLE_API_KEY").reason())
                .isEqualTo("GEMINI_API_KEY or GOOGLE_API_KEY not set (environment or " + tmp.resolve("credentials") + ")");
    }

    @Test
    void theConfigFolderFollowsTheSystemProperty() {
        String before = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        try {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, tmp.toString());
            assertThat(Credentials.configDir()).isEqualTo(tmp);
            assertThat(Credentials.fromEnvironment().file()).isEqualTo(tmp.resolve("credentials"));
        } finally {
            if (before == null) {
                System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
            } else {
                System.setProperty(Credentials.CONFIG_DIR_PROPERTY, before);
            }
        }
    }
}
