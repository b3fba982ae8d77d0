package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The order is the one the brief of issue 11 and the XDG Base Directory Specification 0.8 give. */
class UserFoldersTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) p.setProperty(pairs[i], pairs[i + 1]);
        return p;
    }

    @Test
    void homeFromTheEnvironmentWinsOverTheAccountsHome() {
        UserFolders f = UserFolders.of(Map.of("HOME", "/tmp/x"), props("user.home", "/root"));

        assertThat(f.home()).isEqualTo(Path.of("/tmp/x"));
        assertThat(f.config()).isEqualTo(Path.of("/tmp/x/.config/prompt-studio"));
        assertThat(f.cache()).isEqualTo(Path.of("/tmp/x/.cache/prompt-studio"));
    }

    @Test
    void xdgFoldersWinOverHome() {
        UserFolders f = UserFolders.of(Map.of("HOME", "/tmp/x", "XDG_CONFIG_HOME", "/cfg", "XDG_CACHE_HOME", "/cache"),
                props("user.home", "/root"));

        assertThat(f.config()).isEqualTo(Path.of("/cfg/prompt-studio"));
        assertThat(f.cache()).isEqualTo(Path.of("/cache/prompt-studio"));
        assertThat(f.home()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void thePropertiesForTestsWinOverEverything() {
        UserFolders f = UserFolders.of(Map.of("HOME", "/tmp/x", "XDG_CONFIG_HOME", "/cfg", "XDG_CACHE_HOME", "/cache"),
                props("user.home", "/root", UserFolders.CONFIG_DIR_PROPERTY, "/t/config",
                        UserFolders.CACHE_DIR_PROPERTY, "/t/cache"));

        assertThat(f.config()).isEqualTo(Path.of("/t/config"));
        assertThat(f.cache()).isEqualTo(Path.of("/t/cache"));
    }

    @Test
    void withoutHomeTheAccountsHomeIsUsed() {
        UserFolders f = UserFolders.of(Map.of(), props("user.home", "/root"));

        assertThat(f.home()).isEqualTo(Path.of("/root"));
        assertThat(f.config()).isEqualTo(Path.of("/root/.config/prompt-studio"));
        assertThat(f.cache()).isEqualTo(Path.of("/root/.cache/prompt-studio"));
    }

    @Test
    void blankOrRelativeValuesAreIgnored() {
        // XDG Base Directory Specification: "If an implementation encounters a relative path in any of these
        // variables it should consider the path invalid and ignore it."
        UserFolders f = UserFolders.of(Map.of("HOME", " ", "XDG_CONFIG_HOME", "relative/cfg", "XDG_CACHE_HOME", ""),
                props("user.home", "/root", UserFolders.CONFIG_DIR_PROPERTY, "  "));

        assertThat(f.home()).isEqualTo(Path.of("/root"));
        assertThat(f.config()).isEqualTo(Path.of("/root/.config/prompt-studio"));
        assertThat(f.cache()).isEqualTo(Path.of("/root/.cache/prompt-studio"));
    }
}
