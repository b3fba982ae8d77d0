package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher says before JavaFX starts, for a given environment (issue 8: one line, not a stack trace). */
class DesktopCheckTest {

    @TempDir
    Path tmp;
    Path withGtk;
    Path withoutGtk;

    @BeforeEach
    void libraryFolders() throws Exception {
        withGtk = Files.createDirectories(tmp.resolve("gtk"));
        Files.writeString(withGtk.resolve(DesktopCheck.GTK3), "");
        withoutGtk = Files.createDirectories(tmp.resolve("none"));
    }

    @Test
    void linuxWithoutADisplaySaysSoAndPointsToTheCommandLine() {
        assertThat(DesktopCheck.problem("Linux", Map.of(), null, List.of(withGtk))).contains(
                "no display: the studio window needs an X11 or Wayland display (DISPLAY is not set);"
                        + " the command line works without one: studio --help");
        assertThat(DesktopCheck.problem("Linux", Map.of("DISPLAY", " "), null, List.of(withGtk))).isPresent();
    }

    @Test
    void anX11OrWaylandDisplayIsEnough() {
        assertThat(DesktopCheck.problem("Linux", Map.of("DISPLAY", ":0"), null, List.of(withGtk))).isEmpty();
        assertThat(DesktopCheck.problem("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), null, List.of(withGtk)))
                .isEmpty();
    }

    @Test
    void linuxWithoutGtk3SaysWhichPackageToInstall() {
        assertThat(DesktopCheck.problem("Linux", Map.of("DISPLAY", ":0"), null, List.of(withoutGtk))).contains(
                "GTK 3 is missing: the studio window needs it (apt-get install libgtk-3-0);"
                        + " the command line works without it: studio --help");
    }

    @Test
    void gtkIsFoundThroughLdLibraryPathToo() {
        List<Path> dirs = DesktopCheck.libraryFolders(withoutGtk + ":" + withGtk);
        assertThat(dirs).startsWith(withoutGtk, withGtk);
        assertThat(DesktopCheck.problem("Linux", Map.of("DISPLAY", ":0"), null, dirs)).isEmpty();
    }

    @Test
    void otherSystemsAndTheHeadlessPlatformNeedNothing() {
        assertThat(DesktopCheck.problem("Mac OS X", Map.of(), null, List.of())).isEmpty();
        assertThat(DesktopCheck.problem("Windows 11", Map.of(), null, List.of())).isEmpty();
        assertThat(DesktopCheck.problem("Linux", Map.of(), "Monocle", List.of())).isEmpty();
    }
}
