package org.promptstudio.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.FileSize;
import java.util.Map;

/**
 * The studio's logging set-up, made in code (logback finds it as a service, before any configuration file): reading
 * an XML configuration took about 660 classes and a tenth of a second of every command that logs (issue 16, decision
 * 0155 addendum). What it sets:
 * <ul>
 *   <li>the terminal (standard error): one line per event ({@code LEVEL Logger: message}), never a stack trace;</li>
 *   <li>the log file {@link LogFile#path()} (the {@code studio.log.file} property, else the user's cache folder):
 *       time, thread, level, logger, message and stack trace; 2 MB, then {@code .1} to {@code .3} kept;</li>
 *   <li>{@value LogFile#DETAILS_LOGGER} (the details of an unexpected failure), PDFBox and FontBox: the file
 *       only;</li>
 *   <li>levels: the root at {@code studio.log.level} (default WARN); templates, JGit, Flyway, DJL and LangChain4j at
 *       WARN, DJL's CUDA probe at ERROR (it warns on every load that the machine has no CUDA).</li>
 * </ul>
 * A {@code logback.configurationFile} property or a {@code logback-test.xml} on the class path (the tests') is left
 * to logback's own configuration instead. Nothing secret is logged here or anywhere (keys never reach a message).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** The levels of the libraries that say too much at INFO, by logger name. */
    private static final Map<String, Level> LEVELS = Map.of(
            "com.github.jknack", Level.WARN,
            "org.eclipse.jgit", Level.WARN,
            "org.flywaydb", Level.WARN,
            "ai.djl", Level.WARN,
            "dev.langchain4j", Level.WARN,
            "ai.djl.util.cuda", Level.ERROR);

    /** Whether a named configuration file or a test configuration on the class path takes over. */
    private final boolean filesFirst;

    /** Made by logback's service loader. */
    public LogConfiguration() {
        this(true);
    }

    /** With {@code filesFirst} false, configures whatever files there are (for its own test). */
    LogConfiguration(boolean filesFirst) {
        this.filesFirst = filesFirst;
    }

    /**
     * Sets up {@code context} as the class comment says.
     *
     * @return {@code DO_NOT_INVOKE_NEXT_IF_ANY} when done, {@code INVOKE_NEXT_IF_ANY} when a configuration file was
     *         named or a test configuration is on the class path (logback then reads it)
     */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (filesFirst && (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Logback's own status lines would land on stdout, which the command line owns.
        context.getStatusManager().add(new NopStatusListener());
        LogFile.install();

        ConsoleAppender<ILoggingEvent> terminal = new ConsoleAppender<>();
        terminal.setContext(context);
        terminal.setName("STDERR");
        terminal.setTarget("System.err");
        terminal.setEncoder(encoder(context, "%-5level %logger{0}: %msg%n%nopex"));
        terminal.start();

        String path = LogFile.path().toString();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(path);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(path + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(FileSize.valueOf("2MB"));
        size.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(size);
        file.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n"));
        file.start();

        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        for (String fileOnly : new String[] {"org.apache.pdfbox", "org.apache.fontbox", LogFile.DETAILS_LOGGER}) {
            Logger logger = context.getLogger(fileOnly);
            logger.setLevel(fileOnly.equals(LogFile.DETAILS_LOGGER) ? Level.INFO : Level.WARN);
            logger.setAdditive(false);
            logger.addAppender(file);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("studio.log.level", "WARN"), Level.WARN));
        root.addAppender(terminal);
        root.addAppender(file);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
