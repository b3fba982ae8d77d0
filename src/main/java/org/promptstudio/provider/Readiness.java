package org.promptstudio.provider;

/** Whether a model can be called now; {@code reason} says what is missing, never a secret. */
public record Readiness(boolean isReady, String reason) {

    public static Readiness ready() {
        return new Readiness(true, "ready");
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
