package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.Message;

/** Rendered prompts shaped like the support-assistant sample's, for the offline models' tests. */
final class OfflinePrompts {

    private OfflinePrompts() {
    }

    static final String RETURNS_SENTENCE = "You can return any Thermalyn hardware within **30 days of delivery**, for any reason.";

    /** A RAG prompt: instructions, three passages in a quoted block, and the question. */
    static List<Message> rag(String question) {
        String system = """
                You are the customer support assistant for Thermalyn B.V. You answer questions using only the knowledge-base passages given below.

                How to answer:
                - Use only facts that appear in the passages. Do not use outside knowledge about Thermalyn or about other companies.
                - After every sentence that states a fact, cite the id of the passage it comes from in square brackets, exactly as written in the passages, e.g. [returns-policy].
                - If the passages do not contain the answer, reply: "I could not find this in our help articles, so I am passing your question to a support agent." Do not guess.

                Knowledge-base passages:
                \"""
                [shipping-policy] We ship from our warehouse in Utrecht, the Netherlands. Orders placed before 14:00 CET on a business day leave the warehouse the same day. Delivery in the Netherlands takes 1-2 business days and costs €4.95, free from €50.

                [returns-policy] %s This includes the 14-day right of withdrawal that EU law gives you, and goes beyond it.
                - The product must be complete: the device and all parts and accessories that came in the box.
                - Original packaging is preferred but not required; pack the item safely.

                [warranty] Every Thermalyn device comes with a warranty against manufacturing defects. The Dial and the Bridge have a 2-year warranty. Batteries are consumables and are not covered.
                \"""
                """.formatted(RETURNS_SENTENCE);
        return List.of(Message.text(Message.SYSTEM, system), Message.text(Message.USER, question));
    }

    /** A hand-over summary prompt: the instruction in the system message, the conversation under a label. */
    static List<Message> summarise() {
        String system = """
                You write hand-over notes for Thermalyn support agents. Summarise the conversation so that an agent who has not read it can continue immediately.

                Format:
                - At most 3 bullet points, each starting with "- " and at most 25 words.
                - Then one final line starting with "Next action: " saying who must do what next.
                """;
        String user = """
                Conversation:
                Customer: My Dial thermostat shows error E42 and the heating does not start.
                Agent: Error E42 on the Dial means the boiler does not answer the thermostat.
                Customer: The boiler display is on and the Dial was installed last week.
                Agent: Please check that the Dial wiring to the boiler is connected to the OpenTherm terminals.
                Customer: The wiring looks fine, but the Dial still shows error E42.
                Agent: Then we will send an installation partner to check the Dial and the boiler connection.
                Customer: By the way, my neighbour's cat likes to sit on the windowsill.
                """;
        return List.of(Message.text(Message.SYSTEM, system), Message.text(Message.USER, user));
    }

    /** A few-shot prompt: worked examples as earlier turns, then the real question. */
    static List<Message> fewShot(String question) {
        return List.of(
                Message.text(Message.SYSTEM, "You are the customer support assistant for Thermalyn B.V. Answer in the same style as the example answers."),
                Message.text(Message.USER, "How long does delivery to Belgium take?"),
                Message.text(Message.MODEL, "Delivery to Belgium takes 1-2 business days after dispatch. Shipping costs €4.95 and is free from €50."),
                Message.text(Message.USER, "Can I pay with PayPal?"),
                Message.text(Message.MODEL, "Yes. We accept cards, PayPal, Apple Pay, Google Pay, iDEAL and Bancontact."),
                Message.text(Message.USER, question));
    }
}
