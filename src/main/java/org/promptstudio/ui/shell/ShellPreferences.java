package org.promptstudio.ui.shell;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.Theme;

/**
 * What the window remembers between sessions, in the user's config folder (beside {@code settings.yaml}, never in a
 * workspace): the theme and the recently opened workspaces, newest first. A plain properties file,
 * {@code window.properties}; a missing or unreadable file means the defaults.
 */
public final class ShellPreferences {

    /** How many recent workspaces are kept. */
    public static final int RECENT_KEPT = 8;

    private final Path file;

    /** @param file where they are kept; {@link #inConfigFolder()} for the user's own */
    public ShellPreferences(Path file) {
        this.file = file;
    }

    /** The user's: {@code ~/.config/prompt-studio/window.properties} (or under {@code studio.config.dir}). */
    public static ShellPreferences inConfigFolder() {
        return new ShellPreferences(StudioSettings.file().resolveSibling("window.properties"));
    }

    public Path file() {
        return file;
    }

    /** The remembered theme; LIGHT when none. */
    public Theme theme() {
        return Theme.named(read().getProperty("theme", "light"));
    }

    /** Remembers {@code theme}. @throws StudioException when the file cannot be written (one line naming it) */
    public void saveTheme(Theme theme) {
        Properties p = read();
        p.setProperty("theme", theme.name().toLowerCase(java.util.Locale.ROOT));
        write(p);
    }

    /** The recent workspaces, newest first, those that still exist. */
    public List<Path> recent() {
        Properties p = read();
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < RECENT_KEPT; i++) {
            String v = p.getProperty("recent." + i);
            if (v == null) break;
            Path path = Path.of(v);
            if (Files.isDirectory(path)) out.add(path);
        }
        return out;
    }

    /**
     * Puts {@code workspace} first in the recent list (once), keeping {@link #RECENT_KEPT}.
     *
     * @return the new list, newest first
     * @throws StudioException when the file cannot be written
     */
    public List<Path> addRecent(Path workspace) {
        Path w = workspace.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(recent());
        list.remove(w);
        list.add(0, w);
        if (list.size() > RECENT_KEPT) list = new ArrayList<>(list.subList(0, RECENT_KEPT));
        Properties p = read();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("recent.")).forEach(p::remove);
        for (int i = 0; i < list.size(); i++) p.setProperty("recent." + i, list.get(i).toString());
        write(p);
        return List.copyOf(list);
    }

    private Properties read() {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            // nothing remembered yet
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            org.slf4j.LoggerFactory.getLogger(ShellPreferences.class).warn("cannot read {}; using defaults", file, e);
        }
        return p;
    }

    private void write(Properties p) {
        StringWriter out = new StringWriter();
        try {
            p.store(out, "Prompt Studio window: theme and recent workspaces");
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StudioException(file.getParent() + ": cannot create the folder: " + AtomicFile.reason(e), e);
        }
        AtomicFile.writeString(file, file.toString(), out.toString());
    }
}
