package org.promptstudio.workspace;

/**
 * The {@code privacy:} section of studio.yaml (docs/decisions/0148-privacy-redaction-purge-and-forget.md).
 *
 * @param redactBeforeStore when true, each call's rendered prompt (and so its inputs), few-shot examples, retrieved
 *                          context and answer go through the PII redactor before the call is recorded, the call is
 *                          marked redacted, and no answer is kept in the response cache; false (the default) records
 *                          calls as they were sent and answered
 */
public record PrivacyConfig(boolean redactBeforeStore) {

    /** Nothing set: calls are recorded as they are. */
    public static final PrivacyConfig DEFAULT = new PrivacyConfig(false);
}
