package org.promptstudio.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Finds the first JSON object in a judge's reply: models put prose, fences or thoughts around it. */
final class JudgeReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JudgeReplies() {
    }

    static Optional<JsonNode> firstObject(String reply) {
        if (reply == null) return Optional.empty();
        for (int at = reply.indexOf('{'); at >= 0; at = reply.indexOf('{', at + 1)) {
            try (JsonParser p = JSON.createParser(reply.substring(at))) {
                JsonNode node = JSON.readTree(p);
                if (node != null && node.isObject()) return Optional.of(node);
            } catch (IOException e) {
                // not JSON from here: try the next brace
            }
        }
        return Optional.empty();
    }

    static String oneLine(String reply) {
        return Specs.shorten(reply, 80);
    }
}
