package org.promptstudio.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.model.Message;

/**
 * The answers written for the samples' prompt tests ({@code experiments/ci-smoke.yaml} of each sample), in the form
 * gpt-4o-mini gives them for those prompts (a JSON object only; one line "Answer: n"). They are not a model's
 * answers: they are fixtures, checked by hand against the prompts' rules and the datasets' expected values
 * (support-assistant datasets/ci-tickets.jsonl, reasoning-lab datasets/ci-problems.jsonl, both copied from the dev
 * splits of tickets.jsonl and word-problems.jsonl). {@link SampleRecordings} turns them into the samples'
 * {@code recordings/}; tests serve them from a local server to record them the way a user does.
 */
final class SampleAnswers {

    /** Says, in each recording, where the answer came from. */
    static final String PROVIDER_MODEL = "written for the sample (not a model's answer)";

    /** By a text the request's last user message contains (the ticket's subject line, the problem's opening). */
    private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    static {
        ticket("Subject: Charged twice for my order", "billing", "high",
                "The customer was charged twice (€299) for order TH-204518 and asks for the second charge to be refunded.",
                false);
        ticket("Subject: Question about Plus", "billing", "low",
                "The customer asks whether Thermalyn Plus includes the energy reports or whether Pro is needed for them.",
                false);
        ticket("Subject: Delete my account and all data", "account", "normal",
                "The customer asks for their account and all personal data to be deleted under the GDPR.", false);
        ticket("Subject: Cannot log in", "account", "high",
                "The customer cannot log in, receives no reset email and got a password-change email they did not "
                        + "request, and fears someone accessed the account.", true);
        ticket("Subject: Wi-Fi setup fails", "technical", "normal",
                "The Dial does not find the customer's new router's Wi-Fi network during setup.", false);
        ticket("Subject: Parcel delivered but not here", "shipping", "high",
                "Order TH-206540 is marked as delivered but the parcel has not arrived and the neighbours do not have it.",
                false);
        ticket("Subject: Missing adapters", "returns", "normal",
                "Two of the four Valves in order TH-205777 arrived without their adapters.", false);
        ticket("Subject: Feature request", "other", "low",
                "The customer suggests showing the outside temperature next to the room temperature on the app's home "
                        + "screen.", false);

        ANSWERS.put("A train travels at 84 km/h for 2.5 hours.", "Answer: 210");
        ANSWERS.put("A recipe needs 3/4 cup of sugar per batch.", "Answer: 4.5");
        ANSWERS.put("Ines puts €1,200 in a savings account", "Answer: 180");
        ANSWERS.put("A car uses 6.5 litres of fuel per 100 km.", "Answer: 22.1");
        ANSWERS.put("A flight leaves at 09:45 and lands at 13:20", "Answer: 215");
        ANSWERS.put("A laptop costs €726 including 21% VAT.", "Answer: 600");
    }

    private SampleAnswers() {
    }

    private static void ticket(String subject, String category, String priority, String summary, boolean human) {
        ANSWERS.put(subject, "{\n  \"category\": \"" + category + "\",\n  \"priority\": \"" + priority
                + "\",\n  \"summary\": \"" + summary.replace("\"", "\\\"") + "\",\n  \"needs_human\": " + human + "\n}");
    }

    /** The written answer to a request whose last user message is {@code userText}; empty for any other request. */
    static Optional<String> forUserText(String userText) {
        return ANSWERS.entrySet().stream().filter(e -> userText.contains(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    /** As {@link #forUserText}, for the rendered messages of a request. */
    static Optional<String> forMessages(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) return forUserText(messages.get(i).text());
        }
        return Optional.empty();
    }
}
