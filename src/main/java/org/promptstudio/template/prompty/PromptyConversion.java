package org.promptstudio.template.prompty;

import java.util.List;
import java.util.Map;

/**
 * A Prompty file converted to Dotprompt.
 *
 * @param promptSource the {@code .prompt} text; where {@code problems} is not empty it holds a
 *                     {@code {{!-- TODO prompty: ... --}}} comment at each spot that could not be converted
 * @param datasetRow   the file's sample input as one dataset row, or null when it has none
 * @param notes        what was kept elsewhere, assumed or changed on the way, for the user to read
 * @param problems     what could not be converted; a prompt with problems is only written when the user insists
 */
public record PromptyConversion(String promptSource, Map<String, Object> datasetRow, List<Finding> notes,
                                List<Finding> problems) {

    public PromptyConversion {
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /** One remark about a place in the {@code .prompty} file; {@code line} is 1-based, 0 when there is no one line. */
    public record Finding(String file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }
}
