package org.promptstudio.model;

/**
 * One thing a guardrail found on a call, recorded with it: which {@code check}, what it did ({@code action}: warn or
 * block, never off), at which {@code stage}, and a one-line {@code detail} of at most 500 characters that never holds
 * a matched personal value: types and counts ({@code EMAIL 2}), the rule's reason, the blocklist entry, the JSON
 * path of a schema problem, or the provider's finish reason.
 */
public record GuardFinding(GuardCheck check, GuardAction action, GuardStage stage, String detail) {

    /** The longest detail kept, in characters (the stored column's width). */
    public static final int MAX_DETAIL = 500;

    public GuardFinding {
        if (check == null) throw new IllegalArgumentException("check is null");
        if (action == null || action == GuardAction.OFF) throw new IllegalArgumentException("action must be warn or block");
        if (stage == null) throw new IllegalArgumentException("stage is null");
        detail = detail == null ? "" : detail.strip();
        if (detail.length() > MAX_DETAIL) detail = detail.substring(0, MAX_DETAIL - 1) + "…";
    }

    /** True when this finding stopped the call. */
    public boolean blocks() {
        return action == GuardAction.BLOCK;
    }

    /** One line for people: {@code pii in input (EMAIL 2)}. */
    public String describe() {
        return check.id() + " in " + stage.id() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
