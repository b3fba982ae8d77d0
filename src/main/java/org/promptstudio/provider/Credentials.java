package org.promptstudio.provider;

import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where provider keys come from: environment variables first, then the user's credentials file
 * ({@code ~/.config/prompt-studio/credentials}, {@code KEY=value} lines), never the workspace. The file is written
 * with owner-only permissions and refused when others can read it. The config folder is
 * {@link org.promptstudio.model.UserFolders#config()}: the {@code studio.config.dir} system property when set (tests),
 * else {@code $XDG_CONFIG_HOME/prompt-studio}, else {@code $HOME/.config/prompt-studio}.
 */
public final class Credentials {

    /** The system property that moves the config folder (and so the credentials file). */
    public static final String CONFIG_DIR_PROPERTY = org.promptstudio.model.UserFolders.CONFIG_DIR_PROPERTY;
    public static final String FILE_NAME = "credentials";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Map<String, String> environment;
    private final Path file;

    public Credentials(Map<String, String> environment, Path file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    /** The process environment and the credentials file in {@link #configDir()}. */
    public static Credentials fromEnvironment() {
        return new Credentials(System.getenv(), configDir().resolve(FILE_NAME));
    }

    /** The user's Prompt Studio config folder, as {@link org.promptstudio.model.UserFolders} decides it. */
    public static Path configDir() {
        return org.promptstudio.model.UserFolders.current().config();
    }

    public Path file() {
        return file;
    }

    /**
     * The first of {@code names} that is set, from the environment, else from the file. Empty when none is set.
     *
     * @throws ProviderException when the value would come from a file that others can read
     */
    public Optional<Secret> find(String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) return Optional.of(new Secret(value, "environment " + name));
        }
        Map<String, String> stored = readFile();
        for (String name : names) {
            String value = stored.get(name);
            if (value != null && !value.isBlank()) return Optional.of(new Secret(value, file + " " + name));
        }
        return Optional.empty();
    }

    /** A plain setting such as {@code GOOGLE_CLOUD_PROJECT}, from the environment or the file; not a secret. */
    public Optional<String> setting(String name) {
        String value = environment.get(name);
        if (value != null && !value.isBlank()) return Optional.of(value.strip());
        try {
            return Optional.ofNullable(readFile().get(name)).filter(v -> !v.isBlank());
        } catch (ProviderException e) {
            return Optional.empty();
        }
    }

    /** The variables that keys may come from, for listing: each provider's, in the order providers are tried. */
    public static final List<String> KNOWN_NAMES = List.of("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY",
            "AZURE_OPENAI_ENDPOINT", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "VERTEX_ACCESS_TOKEN",
            "GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION");

    /**
     * Where {@code name} is set: {@code environment}, the file's path, or empty. Throws when it would come from a file
     * that others can read.
     */
    public Optional<String> source(String name) {
        String value = environment.get(name);
        if (value != null && !value.isBlank()) return Optional.of("environment");
        String stored = readFile().get(name);
        return stored != null && !stored.isBlank() ? Optional.of(file.toString()) : Optional.empty();
    }

    /** The names in the credentials file (never the values). */
    public List<String> storedNames() {
        return List.copyOf(readFile().keySet());
    }

    /** Ready ({@link Readiness#keySet()}) when one of {@code names} is set; else a reason naming the variables and the file, never a value. */
    public Readiness check(String... names) {
        try {
            if (find(names).isPresent()) return Readiness.keySet();
        } catch (ProviderException e) {
            return Readiness.notReady(e.getMessage());
        }
        return Readiness.notReady(String.join(" or ", names) + " not set (environment or " + file + ")");
    }

    /**
     * Stores {@code name=value} in the credentials file, creating the folder and the file with owner-only
     * permissions; other entries are kept.
     */
    public void store(String name, String value) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("not a variable name: " + name);
        if (value == null || value.isBlank() || value.contains("\n")) {
            throw new IllegalArgumentException("an empty or multi-line value for " + name);
        }
        Map<String, String> entries = Files.exists(file) ? readFile() : new LinkedHashMap<>();
        entries.put(name, value.strip());
        StringBuilder text = new StringBuilder("# Prompt Studio credentials: KEY=value, one a line. Keep it private.\n");
        entries.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = posix();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            // Written whole or not at all, and owner-only from its first byte (decision 0027).
            if (posix) {
                AtomicFile.writeString(file, file.toString(), text.toString(),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                AtomicFile.writeString(file, file.toString(), text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + AtomicFile.reason(e), e);
        }
    }

    private Map<String, String> readFile() {
        Map<String, String> entries = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) return entries;
        try {
            if (posix()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                List<PosixFilePermission> open = new ArrayList<>(perms);
                open.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
                if (!open.isEmpty()) {
                    throw new ProviderException(file + " can be read by others ("
                            + PosixFilePermissions.toString(perms) + "); not read: run chmod 600 " + file);
                }
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                if (s.startsWith("export ")) s = s.substring(7).strip();
                int eq = s.indexOf('=');
                if (eq <= 0) continue;
                String value = s.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                entries.put(s.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot read " + file + ": " + ErrorText.reason(e));
        }
        return entries;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        return "Credentials[environment, " + file + "]";
    }
}
