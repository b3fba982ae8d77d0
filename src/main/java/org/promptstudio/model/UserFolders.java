package org.promptstudio.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the user's own files live, outside every workspace, decided in this one place for the credentials,
 * {@code settings.yaml}, {@code window.properties}, the log and the default folder for new workspaces. The launcher
 * script ({@code packaging/bin/studio}) places its class-data archive by the same rule for the cache folder.
 *
 * <p>Each folder is the first that is set (not blank) of:
 * <ul>
 *   <li>config: the {@code studio.config.dir} system property (tests), {@code $XDG_CONFIG_HOME/prompt-studio},
 *       {@code $HOME/.config/prompt-studio}, {@code user.home/.config/prompt-studio};</li>
 *   <li>cache: the {@code studio.cache.dir} system property, {@code $XDG_CACHE_HOME/prompt-studio},
 *       {@code $HOME/.cache/prompt-studio}, {@code user.home/.cache/prompt-studio};</li>
 *   <li>home: {@code $HOME}, else {@code user.home}.</li>
 * </ul>
 * {@code $HOME} wins over {@code user.home} because the JVM takes {@code user.home} from the password database, so
 * {@code HOME=/tmp/x studio ...} would otherwise still write under the account's real home. The XDG names and the
 * rule that a relative XDG path is ignored come from the XDG Base Directory Specification 0.8
 * (specifications.freedesktop.org/basedir-spec).
 *
 * @param config the folder of credentials, settings.yaml and window.properties (absolute)
 * @param cache  the folder of the log and other files that may be deleted (absolute)
 * @param home   the user's home folder (absolute)
 */
public record UserFolders(Path config, Path cache, Path home) {

    /** The system property that moves the config folder (tests point it at a temporary folder). */
    public static final String CONFIG_DIR_PROPERTY = "studio.config.dir";
    /** The system property that moves the cache folder. */
    public static final String CACHE_DIR_PROPERTY = "studio.cache.dir";
    /** The folder name under the XDG folders and under {@code ~/.config}, {@code ~/.cache}. */
    public static final String APP_FOLDER = "prompt-studio";

    /** The folders of this process: its environment and system properties, read now (not remembered). */
    public static UserFolders current() {
        return of(System.getenv(), System.getProperties());
    }

    /**
     * The folders for a given environment and set of system properties (see the class comment for the order).
     *
     * @param env        environment variables ({@code HOME}, {@code XDG_CONFIG_HOME}, {@code XDG_CACHE_HOME})
     * @param properties system properties ({@code user.home}, {@link #CONFIG_DIR_PROPERTY}, {@link #CACHE_DIR_PROPERTY})
     */
    public static UserFolders of(Map<String, String> env, Properties properties) {
        Path home = absolute(env.get("HOME"));
        if (home == null) home = Path.of(properties.getProperty("user.home", ".")).toAbsolutePath();
        Path config = set(properties.getProperty(CONFIG_DIR_PROPERTY));
        if (config == null) config = xdg(env.get("XDG_CONFIG_HOME"), home, ".config");
        Path cache = set(properties.getProperty(CACHE_DIR_PROPERTY));
        if (cache == null) cache = xdg(env.get("XDG_CACHE_HOME"), home, ".cache");
        return new UserFolders(config, cache, home);
    }

    /** {@code $XDG_x_HOME/prompt-studio} when it is an absolute path, else {@code home/fallback/prompt-studio}. */
    private static Path xdg(String value, Path home, String fallback) {
        Path base = absolute(value);
        return (base != null ? base : home.resolve(fallback)).resolve(APP_FOLDER);
    }

    /** The path when {@code value} is set and absolute (the XDG specification says to ignore a relative one). */
    private static Path absolute(String value) {
        if (value == null || value.isBlank()) return null;
        Path p = Path.of(value);
        return p.isAbsolute() ? p : null;
    }

    private static Path set(String value) {
        return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath();
    }
}
