package org.promptstudio.model;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * The words a user sees for a failure: one line, never a Java class name. The project's own exceptions
 * ({@link StudioException}) already carry such a message; for anything else this finds the most telling message in
 * the cause chain and takes out the class names the JDK and libraries put in front of their messages
 * ({@code java.nio.file.NoSuchFileException: /x} becomes {@code no such file: /x}).
 */
public final class ErrorText {

    /** A qualified or simple exception/error class name, with the ": " that follows it in {@code toString()}. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b(?:: ?)?");
    private static final Pattern QUALIFIED_CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com|org|dev|io|net)\\.(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*\\b(?:: ?)?");
    private static final int MAX_LENGTH = 400;

    private ErrorText() {
    }

    /**
     * The first {@link StudioException} in {@code e}'s cause chain ({@code e} itself included), whose message is
     * written for the user; null when there is none.
     */
    public static StudioException userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StudioException s && s.getMessage() != null && !s.getMessage().isBlank()) return s;
        }
        return null;
    }

    /**
     * A one-line reason for {@code e} without Java class names: the user message of the first
     * {@link StudioException} in the chain; else a plain description of a file-system failure; else the deepest
     * message that says something. Returns "an internal error" when no message says anything a user could act on
     * (a {@link NullPointerException}, an index out of bounds).
     */
    public static String reason(Throwable e) {
        if (e == null) return "an internal error";
        StudioException user = userError(e);
        if (user != null) return oneLine(withoutClassNames(user.getMessage()));
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String fs = fileSystem(t);
            if (fs != null) return fs;
        }
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isBug(t)) continue;
            // new RuntimeException(cause) copies cause.toString() as its message: the cause speaks for itself
            if (t.getCause() != null && String.valueOf(t.getCause()).equals(t.getMessage())) continue;
            String m = t.getMessage() == null ? "" : oneLine(withoutClassNames(t.getMessage()));
            if (!m.isBlank()) best = m; // the deepest is the most specific; wrappers repeat it with a class name
        }
        return best == null ? "an internal error" : best;
    }

    /** {@code message} without the exception class names in it, on one line. Null gives "". */
    public static String withoutClassNames(String message) {
        if (message == null) return "";
        String m = CLASS_NAME.matcher(message).replaceAll("");
        m = QUALIFIED_CLASS_NAME.matcher(m).replaceAll("");
        return oneLine(m);
    }

    /** {@code s} on one line: line breaks and the space around them become one space; at most 400 characters. */
    public static String oneLine(String s) {
        if (s == null) return "";
        String m = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return m.length() > MAX_LENGTH ? m.substring(0, MAX_LENGTH) + "..." : m;
    }

    /** Failures that are a bug in the studio, whose message means nothing to the user. */
    private static boolean isBug(Throwable t) {
        return t instanceof NullPointerException || t instanceof ClassCastException
                || t instanceof IndexOutOfBoundsException || t instanceof ArithmeticException
                || t instanceof ArrayStoreException || t instanceof NegativeArraySizeException
                || t instanceof StackOverflowError;
    }

    private static String fileSystem(Throwable t) {
        if (t instanceof UncheckedIOException) return null; // its cause says it
        if (!(t instanceof FileSystemException f)) return null;
        String file = f.getFile() == null ? "" : f.getFile();
        String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
        String what;
        if (t instanceof NoSuchFileException) what = "no such file or folder";
        else if (t instanceof AccessDeniedException) what = "permission denied";
        else if (t instanceof FileAlreadyExistsException) what = "already exists";
        else if (t instanceof DirectoryNotEmptyException) what = "folder not empty";
        else if (t instanceof NotDirectoryException) what = "not a folder";
        else what = f.getReason() == null ? "cannot be used" : oneLine(f.getReason());
        return (file + other).isBlank() ? what : file + other + ": " + what;
    }
}
