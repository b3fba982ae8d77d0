package org.promptstudio.app;

import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;
import org.promptstudio.template.JsonValues;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.RenderedPromptJson;

/**
 * JSON as the faces read it from the user and print it: the same reading and writing the template package uses,
 * so {@code --input} and the window's input form mean the same values.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * A JSON object given by a user ({@code --input '{"q": 1}'}).
     *
     * @param where names the text in the error ({@code --input}, a file)
     * @throws org.promptstudio.template.TemplateException naming {@code where:line:column} when it is not an object
     */
    public static Map<String, Object> parseObject(String text, String where) {
        return JsonValues.parseObject(text, where);
    }

    /**
     * A JSON array given by a user or recorded.
     *
     * @throws org.promptstudio.template.TemplateException naming {@code where:line:column} when it is not an array
     */
    public static List<?> parseArray(String text, String where) {
        return JsonValues.parseArray(text, where);
    }

    /** Conversation messages from a JSON array of {@code {role, content}} objects ({@code --messages}). */
    public static List<Message> messages(String text, String where) {
        return RenderedPromptJson.fromMaps(JsonValues.parseArray(text, where));
    }

    /** Pretty JSON with two-space indentation, as {@code JSON.stringify(v, null, 2)} writes it. */
    public static String pretty(Object value) {
        return JsonValues.toPrettyJson(value);
    }

    /** A rendered prompt as {@code studio render --format json} prints it: messages and config. */
    public static String pretty(RenderedPrompt rendered) {
        return JsonValues.toPrettyJson(RenderedPromptJson.toMap(rendered));
    }
}
