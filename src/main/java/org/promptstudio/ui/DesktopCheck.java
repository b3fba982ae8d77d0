package org.promptstudio.ui;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this machine can show the window, asked before JavaFX starts so that a missing display or a missing
 * GTK 3 is one line saying what to do, not JavaFX's stack trace. On Linux, JavaFX's glass toolkit needs an X11
 * display (or Wayland with XWayland) and the GTK 3 library {@code libgtk-3.so.0}
 * (OpenJFX's Linux build requirements); other systems always have what it needs. Under the headless Monocle
 * platform (the tests) nothing is needed.
 */
public final class DesktopCheck {

    /** The library JavaFX's glass loads on Linux (libglassgtk3.so links it). */
    static final String GTK3 = "libgtk-3.so.0";

    private DesktopCheck() {
    }

    /** What this machine lacks for the window, or empty when it has everything. */
    public static Optional<String> problem() {
        return problem(System.getProperty("os.name", ""), System.getenv(), System.getProperty("glass.platform"),
                libraryFolders(System.getenv("LD_LIBRARY_PATH")));
    }

    /**
     * What a machine with this {@code osName}, environment, {@code glassPlatform} system property (null: the
     * default) and library folders lacks for the window, as one line for the user; empty when nothing is missing.
     */
    static Optional<String> problem(String osName, Map<String, String> env, String glassPlatform,
                                    List<Path> libraryFolders) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) return Optional.empty();
        if (glassPlatform != null && glassPlatform.equalsIgnoreCase("monocle")) return Optional.empty();
        if (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.of("no display: the studio window needs an X11 or Wayland display (DISPLAY is not set);"
                    + " the command line works without one: studio --help");
        }
        if (libraryFolders.stream().noneMatch(dir -> Files.exists(dir.resolve(GTK3)))) {
            return Optional.of("GTK 3 is missing: the studio window needs it (apt-get install libgtk-3-0);"
                    + " the command line works without it: studio --help");
        }
        return Optional.empty();
    }

    /** The folders the dynamic linker searches for libraries: LD_LIBRARY_PATH's, then the usual system ones. */
    static List<Path> libraryFolders(String ldLibraryPath) {
        List<Path> dirs = new ArrayList<>();
        if (!blank(ldLibraryPath)) {
            for (String d : ldLibraryPath.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        }
        for (String base : List.of("/usr/lib", "/lib", "/usr/lib64", "/lib64", "/usr/local/lib")) {
            Path dir = Path.of(base);
            dirs.add(dir);
            // Debian and Ubuntu keep them under a folder per architecture: /usr/lib/x86_64-linux-gnu
            try (DirectoryStream<Path> multiarch = Files.newDirectoryStream(dir, "*-linux-gnu*")) {
                multiarch.forEach(dirs::add);
            } catch (IOException e) {
                // no such folder on this system
            }
        }
        return dirs;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
