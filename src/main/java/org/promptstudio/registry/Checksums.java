package org.promptstudio.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checksum of a published prompt version: SHA-256 over its files in a canonical order, so the same prompt and
 * partials give the same checksum on every machine (decision 0007). For each file, the prompt file first and then
 * the partials by file name (code-point order): the file name in UTF-8, a NUL byte, the content's length in bytes as
 * decimal digits, a NUL byte, the content. Written as {@code sha256:} and 64 hex digits.
 */
public final class Checksums {

    public static final String PREFIX = "sha256:";

    private Checksums() {
    }

    /** The checksum of a prompt's text and its partials ({@code rules} → text of {@code _rules.prompt}). */
    public static String of(String promptFile, String promptText, Map<String, String> partials) {
        Map<String, byte[]> files = new TreeMap<>();
        partials.forEach((name, text) -> files.put(RegistryLayout.partialFile(name), bytes(text)));
        return ofFiles(promptFile, bytes(promptText), files);
    }

    /** The checksum of files as stored: {@code partialFiles} maps file names ({@code _rules.prompt}) to bytes. */
    static String ofFiles(String promptFile, byte[] prompt, Map<String, byte[]> partialFiles) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            add(sha, promptFile, prompt);
            new TreeMap<>(partialFiles).forEach((name, content) -> add(sha, name, content));
            return PREFIX + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void add(MessageDigest sha, String name, byte[] content) {
        sha.update(bytes(name));
        sha.update((byte) 0);
        sha.update(bytes(Integer.toString(content.length)));
        sha.update((byte) 0);
        sha.update(content);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
