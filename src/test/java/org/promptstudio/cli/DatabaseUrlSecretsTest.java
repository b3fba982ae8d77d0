package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.LogFile;
import org.promptstudio.model.DatabaseUrl;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.workspace.StudioConfigReader;
import org.promptstudio.workspace.WorkspaceException;

/**
 * Team mode's {@code database.url} in studio.yaml (a committed file) never holds a secret: a password in any of its
 * forms is refused in one line naming studio.yaml's line and {@code database.url}, telling where the password goes
 * ({@code STUDIO_DB_PASSWORD}, environment or credentials store), and no message nor the log repeats the value.
 */
class DatabaseUrlSecretsTest {

    private static final String SECRET = "Zq7-s3cret-9Xw";

    @TempDir
    Path dir;

    @Test
    void everyFormOfASecretInTheUrlIsRefusedWithoutRepeatingIt() {
        List<String> urls = List.of(
                "jdbc:postgresql://db.example.org/team?user=ada&password=" + SECRET,
                "jdbc:postgresql://db.example.org/team?user=ada&PASSWORD=" + SECRET,
                "jdbc:postgresql://db.example.org/team?sslmode=verify-full&sslpassword=" + SECRET,
                "jdbc:postgresql://db.example.org/team?ssl=true&sslkey=/home/ada/.pg/key.pk8&sslpassword=" + SECRET,
                "jdbc:postgresql://db.example.org/team?ssl%70assword=" + SECRET,
                "jdbc:postgresql://ada:" + SECRET + "@db.example.org:5432/team",
                "jdbc:postgresql://:" + SECRET + "@db.example.org/team",
                "jdbc:h2:file:/tmp/team;CIPHER=AES;PASSWORD=" + SECRET,
                "jdbc:postgresql://db.example.org/team?user=ada&api_token=" + SECRET);
        for (String url : urls) {
            assertThatThrownBy(() -> StudioConfigReader.parse("name: t\ndatabase:\n  url: \"" + url + "\"\n"))
                    .as(url)
                    .isInstanceOf(WorkspaceException.class)
                    .hasMessageStartingWith("studio.yaml:3:8: database.url must not hold a password or other secret (")
                    .hasMessageContaining("STUDIO_DB_PASSWORD in the environment or the credentials store")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining("\n");
            assertThat(DatabaseUrl.shown(url)).as(url).doesNotContain(SECRET);
        }
        assertThatThrownBy(() -> StudioConfigReader.parse("database:\n  url: jdbc:postgresql://h/team?sslpassword=x\n"))
                .hasMessageContaining("(the sslpassword= parameter;")
                .hasMessageContaining("a client key with a passphrase is not supported");
        assertThatThrownBy(() -> StudioConfigReader.parse("database:\n  url: jdbc:postgresql://ada:x@h/team\n"))
                .hasMessageContaining("(the password in user:password@;");
        // what is no secret stays allowed: a user, a key file, TLS settings, H2's own settings
        for (String fine : List.of("jdbc:postgresql://db.example.org:5432/team?user=ada&sslmode=verify-full",
                "jdbc:postgresql://ada@db.example.org/team?sslkey=/home/ada/.pg/key.pk8&sslcert=/home/ada/.pg/c.crt",
                "jdbc:postgresql://db.example.org/team?sslpasswordcallback=org.example.AskAtTheTerminal",
                "jdbc:h2:file:/tmp/team;MODE=PostgreSQL")) {
            assertThat(StudioConfigReader.parse("database:\n  url: \"" + fine + "\"\n").database().url()).isEqualTo(fine);
        }
    }

    @Test
    void theCommandSaysItInOneLineAndTheLogNeverHoldsTheSecret() throws Exception {
        Workspaces.init(dir, "team", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                + "database:\n  url: jdbc:postgresql://db.example.org/team?sslmode=require&sslpassword=" + SECRET
                + "\n");
        long logBefore = Files.exists(LogFile.path()) ? Files.size(LogFile.path()) : 0;
        CliRun run = studio("-w", dir.toString(), "calls");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("error: studio.yaml:").contains(": database.url must not hold a password")
                .contains("STUDIO_DB_PASSWORD").doesNotContain(SECRET);
        assertThat(run.out()).doesNotContain(SECRET);
        if (Files.exists(LogFile.path())) {
            byte[] log = Files.readAllBytes(LogFile.path());
            String added = new String(log, (int) Math.min(logBefore, log.length), (int) (log.length
                    - Math.min(logBefore, log.length)), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(added).doesNotContain(SECRET);
        }
    }
}
