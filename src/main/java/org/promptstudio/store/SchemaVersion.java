package org.promptstudio.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema's version as the migrations in {@code db/migration} number it, read without starting Flyway
 * (decision 0155): opening a database that is already up to date compares two numbers and leaves Flyway, its
 * classpath scan and its validation out of start-up. Anything unusual (no history table, a failed migration, a
 * migration name this class does not read) answers "unknown", and the caller runs Flyway as before.
 */
final class SchemaVersion {

    /** A migration this build always carries (migrations are never removed): where the others are found. */
    static final String FIRST = "db/migration/V1__runs_calls_annotations_feedback.sql";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]*\\.sql");
    private static volatile Integer newest;

    private SchemaVersion() {
    }

    /** The highest version among the migrations this build carries, or -1 when they cannot be listed or read. */
    static int newest() {
        Integer n = newest;
        if (n == null) {
            n = listNewest();
            newest = n;
        }
        return n;
    }

    private static int listNewest() {
        URL first = SchemaVersion.class.getClassLoader().getResource(FIRST);
        if (first == null) return -1;
        try {
            if (first.getProtocol().equals("file")) {
                try (var files = Files.list(Path.of(first.toURI()).getParent())) {
                    return highest(files.map(p -> p.getFileName().toString()).toList());
                }
            }
            URLConnection connection = first.openConnection();
            if (!(connection instanceof JarURLConnection jar)) return -1;
            jar.setUseCaches(false); // our own JarFile, closed here; the class loader's stays open
            try (JarFile file = jar.getJarFile()) {
                return highest(file.stream().map(JarEntry::getName).filter(e -> e.startsWith("db/migration/"))
                        .map(e -> e.substring("db/migration/".length())).filter(e -> !e.isEmpty()).toList());
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return -1;
        }
    }

    /** The highest V number among {@code names} (file names), or -1 when one of them is not {@code V<n>__*.sql}. */
    static int highest(List<String> names) {
        int max = -1;
        for (String name : names) {
            Matcher m = VERSIONED.matcher(name);
            if (!m.matches()) return -1;
            try {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return max;
    }

    /**
     * The highest version Flyway's history table in {@code c}'s schema records, when every migration it records
     * succeeded; empty when there is no such table (a new database), a migration failed, or a version is not a
     * whole number.
     */
    static OptionalInt applied(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            int max = -1;
            while (rs.next()) {
                String version = rs.getString(1);
                if (!rs.getBoolean(2)) return OptionalInt.empty();
                if (version == null) continue; // Flyway's own rows (the schema it created)
                max = Math.max(max, Integer.parseInt(version.strip()));
            }
            return max < 0 ? OptionalInt.empty() : OptionalInt.of(max);
        } catch (SQLException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
