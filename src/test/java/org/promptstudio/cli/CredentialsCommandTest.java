package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.provider.Credentials;

class CredentialsCommandTest {

    private static final String SECRET = "sk-ps-cli-secret-0123456789";

    @TempDir
    Path tmp;

    String before;
    InputStream stdin;

    @BeforeEach
    void configDir() {
        before = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        System.setProperty(Credentials.CONFIG_DIR_PROPERTY, tmp.resolve("cfg").toString());
        stdin = System.in;
    }

    @AfterEach
    void restore() {
        System.setIn(stdin);
        if (before == null) {
            System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, before);
        }
    }

    @Test
    void setStoresTheValueFromStandardInputInAnOwnerOnlyFileAndNeverPrintsIt() throws Exception {
        System.setIn(new ByteArrayInputStream((SECRET + "\n").getBytes(StandardCharsets.UTF_8)));

        CliRun run = studio("credentials", "set", "PS_TEST_CLI_KEY");

        Path file = tmp.resolve("cfg/credentials");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Stored PS_TEST_CLI_KEY in " + file + "\n").doesNotContain(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("PS_TEST_CLI_KEY=" + SECRET);

        CliRun list = studio("credentials", "list");

        assertThat(list.out()).containsPattern("PS_TEST_CLI_KEY +set \\(" + java.util.regex.Pattern.quote(file.toString()) + "\\)")
                .contains("ANTHROPIC_API_KEY").doesNotContain(SECRET);
    }

    @Test
    void anEmptyValueIsRefused() {
        System.setIn(new ByteArrayInputStream(new byte[0]));

        CliRun run = studio("credentials", "set", "PS_TEST_CLI_KEY");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no value given for PS_TEST_CLI_KEY\n");
        assertThat(tmp.resolve("cfg/credentials")).doesNotExist();
    }

    @Test
    void aBadNameIsRefused() {
        System.setIn(new ByteArrayInputStream("v\n".getBytes(StandardCharsets.UTF_8)));

        CliRun run = studio("credentials", "set", "bad-name");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: not a variable name: bad-name\n");
    }
}
