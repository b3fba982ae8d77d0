package org.promptstudio.provider;

/**
 * Whether a model can be called now, as far as was checked. {@code reason} says what is missing when not ready, and
 * what was checked when ready, never a secret: {@code "ready"} for a model that needs nothing outside the studio
 * (built-in, replayed), {@link #keySet() "key set"} or {@link #noKeyNeeded() "no key needed"} for a remote server that
 * was not asked (only a call asks it, and a call costs money), or how the server was asked (Ollama).
 */
public record Readiness(boolean isReady, String reason) {

    /** What a model that needs nothing outside the studio is: reason {@code "ready"}. */
    public static Readiness ready() {
        return new Readiness(true, "ready");
    }

    /** Ready as far as {@code how} says (one short phrase, e.g. "server answers, model pulled"). */
    public static Readiness ready(String how) {
        return new Readiness(true, how);
    }

    /** A remote model whose key is set; its server was not asked. */
    public static Readiness keySet() {
        return new Readiness(true, KEY_SET);
    }

    /** A remote model that takes no key (a local OpenAI-compatible server); its server was not asked. */
    public static Readiness noKeyNeeded() {
        return new Readiness(true, NO_KEY_NEEDED);
    }

    /** The reason of {@link #keySet()}. */
    public static final String KEY_SET = "key set";
    /** The reason of {@link #noKeyNeeded()}. */
    public static final String NO_KEY_NEEDED = "no key needed";

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
