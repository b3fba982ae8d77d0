package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The studio's logging set-up in code ({@link LogConfiguration}) on a logger context of its own: one line per event on
 * the terminal and never a stack trace, the details in the log file, the details logger and PDFBox in the file only,
 * the root at WARN; and that the tests' own configuration file takes over when there is one.
 */
class LogConfigurationTest {

    @TempDir
    Path tmp;

    @Test
    void theTerminalGetsOneLineAndTheFileTheDetails() throws Exception {
        Path log = tmp.resolve("studio.log");
        String before = System.getProperty(LogFile.PROPERTY);
        PrintStream err = System.err;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        System.setProperty(LogFile.PROPERTY, log.toString());
        System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as SLF4J's provider gives it
        try {
            assertThat(new LogConfiguration(false).configure(context))
                    .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            Logger store = context.getLogger("org.promptstudio.store.Database");
            store.info("an info line nobody sees");
            store.warn("a warning", new IllegalStateException("the cause"));
            context.getLogger(LogFile.DETAILS_LOGGER).error("the details", new IllegalStateException("deep cause"));
            context.getLogger("org.apache.pdfbox.pdmodel.font.PDFont").warn("a font was substituted");
            context.getLogger("org.eclipse.jgit.util.FS").info("jgit chatter");
        } finally {
            context.stop();
            System.setErr(err);
            if (before == null) System.clearProperty(LogFile.PROPERTY);
            else System.setProperty(LogFile.PROPERTY, before);
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("WARN  Database: a warning"
                + System.lineSeparator());
        String file = Files.readString(log);
        assertThat(file).contains("WARN  org.promptstudio.store.Database - a warning")
                .contains("java.lang.IllegalStateException: the cause")
                .contains("ERROR studio.details - the details").contains("deep cause")
                .contains("a font was substituted")
                .doesNotContain("an info line nobody sees").doesNotContain("jgit chatter");
    }

    @Test
    void aTestConfigurationOnTheClassPathTakesOver() {
        // this test's class path has src/test/resources/logback-test.xml
        assertThat(new LogConfiguration().configure(new LoggerContext()))
                .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
