package org.promptstudio.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a folder: each path with its bytes and modification time, so that two snapshots are equal only
 * when nothing was added, removed, rewritten or touched.
 */
public final class FolderSnapshot {

    private FolderSnapshot() {
    }

    public static Map<String, String> of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        if (!Files.exists(root)) return entries;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                String modified = Files.getLastModifiedTime(p).toString();
                entries.put(key, Files.isDirectory(p) ? "folder " + modified
                        : Base64.getEncoder().encodeToString(Files.readAllBytes(p)) + " " + modified);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
