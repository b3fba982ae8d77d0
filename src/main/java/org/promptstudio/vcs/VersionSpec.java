package org.promptstudio.vcs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which version of a prompt a user means: a number ({@code 3}, fewer than seven digits), {@code latest},
 * {@code working} (or {@code wc}: the file on disk, unsaved), or a name: a label ({@code production}) or a commit id,
 * full or short (seven digits or more, or any letter). A label wins over a commit id spelled the same. {@code PROMPT@SPEC} is split by {@link #promptAt(String)}, and only there.
 */
public sealed interface VersionSpec {

    /** Version {@code n}, counted from 1 (the commit that created the file). */
    record Number(int n) implements VersionSpec {
    }

    /** The newest saved version. */
    record Latest() implements VersionSpec {
    }

    /** The file as it is on disk now, saved or not. */
    record Working() implements VersionSpec {
    }

    /** A label, else a commit id. */
    record Named(String name) implements VersionSpec {
    }

    /** A prompt and, after {@code @}, the version wanted (null when none was given). */
    record PromptAt(String prompt, String spec) {
    }

    /** Words that mean a version themselves, so no label may be called that. */
    java.util.Set<String> RESERVED = java.util.Set.of("latest", "working", "wc", "head");

    Pattern DIGITS = Pattern.compile("[0-9]+");

    /** How long the shortest commit id git prints is; a number this long is taken for a commit id. */
    int SHORT_ID_LENGTH = 7;

    /** Reads a version spec; null or blank means {@code latest}. */
    static VersionSpec parse(String spec) {
        if (spec == null || spec.isBlank()) return new Latest();
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("working") || lower.equals("wc")) return new Working();
        if (lower.equals("latest") || lower.equals("head")) return new Latest();
        // Seven digits or more are a short commit id that happens to hold no letter (git abbreviates to 7).
        if (DIGITS.matcher(s).matches() && s.length() < SHORT_ID_LENGTH) {
            int n;
            n = Integer.parseInt(s);
            if (n < 1) throw new VcsException("versions are numbered from 1; there is no version " + s);
            return new Number(n);
        }
        return new Named(s);
    }

    /** Splits {@code answer@production} into the prompt and the spec; {@code answer} alone has a null spec. */
    static PromptAt promptAt(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) return new PromptAt(text, null);
        String prompt = text.substring(0, at);
        String spec = text.substring(at + 1);
        if (prompt.isBlank()) throw new VcsException("'" + text + "': expected PROMPT@VERSION, e.g. answer@3 or answer@production");
        if (spec.isBlank()) {
            throw new VcsException("'" + text + "': nothing after '@'; give a version number, a label, a commit id or 'working'");
        }
        return new PromptAt(prompt, spec);
    }
}
