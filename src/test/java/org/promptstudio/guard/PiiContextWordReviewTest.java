package org.promptstudio.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.promptstudio.guard.PiiRedactor.Numbering;

/**
 * Review 14b: the reference-word rule lets real phone numbers through when a label word ("order", "invoice", "case",
 * "model", "part", "item") stands just before them; a phone in international form is never an order number.
 */
class PiiContextWordReviewTest {

    private final PiiRedactor redactor = new PiiRedactor(List.of());

    @ParameterizedTest
    @ValueSource(strings = {
        "Questions about your order: +44 20 7946 0958.",
        "Billing and invoice: +1 415 555 0134.",
        "Contact us about your order (+44 20 7946 0958).",
        "Emergency, in any case: +44 20 7946 0958.",
        "Spare parts for your model: 020 7946 0958.",
        "Anna (invoice #) +31 20 794 6095."})
    void aPhoneAfterALabelWordIsStillRedacted(String text) {
        assertThat(redactor.redact(text, new Numbering()).text()).contains("[PHONE_1]");
    }
}
