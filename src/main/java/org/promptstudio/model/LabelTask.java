package org.promptstudio.model;

import java.util.List;

/**
 * One item of a queue as an annotator labels it: the input, the retrieved context when the call had one, and the
 * answers in the order shown (shuffled in a blind queue), with what this annotator gave before (for going back).
 *
 * @param position  the item's place in the queue, 1 first
 * @param items     how many items the queue has
 * @param input     the input the answers were given to (the last user message), as text
 * @param context   the retrieved context sent with it, or null when there was none
 * @param answers   the answers in the order shown
 * @param blind     model and prompt names are hidden (null in each answer)
 * @param given     this annotator's label of this item, or null when none yet
 */
public record LabelTask(long itemId, String queue, int position, int items, LabelItemKind itemKind, LabelSchema schema,
                        String input, String context, List<Answer> answers, boolean blind, LabelRecord given) {

    public LabelTask {
        answers = List.copyOf(answers);
    }

    /**
     * One answer as shown.
     *
     * @param slot   its place in the item's true order (0 = A, 1 = B, ...), whatever the order shown
     * @param output the answer's text (empty when the call gave none)
     * @param model  {@code provider/model}, null when blind
     * @param prompt the prompt file, null when blind or none
     * @param commit the prompt version's commit, null when blind or none
     */
    public record Answer(long callId, int slot, String output, String model, String prompt, String commit) {
    }

    /**
     * The true-order preference for a preference given on the answers as shown: {@code A} means the first answer shown
     * ({@code shown} {@code A}, {@code B} or {@code tie}).
     *
     * @throws IllegalArgumentException for another text, or when this item is not a pair
     */
    public String truePreference(String shown) {
        if (answers.size() != 2) throw new IllegalArgumentException("item " + position + " is not a pair");
        return switch (shown) {
            case "tie" -> "tie";
            case "A" -> answers.get(0).slot() == 0 ? "A" : "B";
            case "B" -> answers.get(1).slot() == 0 ? "A" : "B";
            default -> throw new IllegalArgumentException("a preference is A, B or tie, not '" + shown + "'");
        };
    }

    /**
     * {@code trueValue}, a label of this item in its true order, as given on the answers shown
     * ({@link LabelValue#inShownOrder}): what may be said back to the annotator of a blind queue.
     */
    public LabelValue shown(LabelValue trueValue) {
        return trueValue.inShownOrder(answers.size() == 2 && answers.get(0).slot() != 0,
                answers.stream().map(Answer::callId).toList());
    }
}
