package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.workspace.IndexConfig;

/**
 * What {@code privacy.redactBeforeStore: true} does to a call before it is recorded
 * (docs/decisions/0148-privacy-redaction-purge-and-forget.md): the rendered messages (which hold the inputs), the
 * few-shot examples, the retrieved context, the retrieval note, the answer and the error text (a provider's message
 * may quote the prompt) go through {@link PiiRedactor}, with
 * one numbering per call, so an address in the question and the same address in the answer become the same
 * {@code [EMAIL_1]}. The redactor is the document index's: the built-in detectors always, plus studio.yaml's
 * {@code index.redact.patterns} and {@code allow}. Names in the messages' structure (roles, tool names, media URLs)
 * are left as they are.
 */
final class CallRedaction {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys of the rendered messages' JSON whose values are structure, not text someone wrote. */
    private static final Set<String> STRUCTURE = Set.of("role", "url", "contentType", "ref", "name",
            "thoughtSignature");

    private final PiiRedactor redactor;

    CallRedaction(PiiRedactor redactor) {
        this.redactor = redactor;
    }

    /** The redaction for a workspace whose {@code index:} settings are {@code index}. */
    static CallRedaction of(IndexConfig index) {
        List<PiiRedactor.CustomPattern> custom = index.redact().patterns().stream()
                .map(p -> new PiiRedactor.CustomPattern(p.type(), p.regex())).toList();
        List<PiiRedactor.Allowed> allow = index.redact().allow().stream()
                .map(a -> new PiiRedactor.Allowed(a.value(), a.regex())).toList();
        return new CallRedaction(new PiiRedactor(true, custom, allow));
    }

    /** {@code call} with its texts and error redacted; its figures (tokens, cost, latency, status) as they were. */
    CallRecord apply(CallRecord call) {
        PiiRedactor.Numbering numbering = new PiiRedactor.Numbering();
        CallRecord out = call;
        CallTexts t = call.texts();
        if (t != null) {
            String messages = json(t.messagesJson(), numbering);
            String examples = t.examplesJson() == null ? null : json(t.examplesJson(), numbering);
            out = out.withTexts(new CallTexts(messages, text(t.output(), numbering), examples,
                    text(t.extractedAnswer(), numbering)));
        }
        if (!call.context().isEmpty()) {
            List<ContextChunk> chunks = new ArrayList<>();
            for (ContextChunk c : call.context()) {
                chunks.add(new ContextChunk(c.n(), c.id(), c.source(), c.position(), c.score(),
                        text(c.text(), numbering)));
            }
            out = out.withContext(chunks);
        }
        if (call.retrievalNote() != null) out = out.withRetrievalNote(text(call.retrievalNote(), numbering));
        // a provider's error message may quote the prompt (an address it refused, a bad field echoed back)
        if (call.error() != null) out = out.withError(text(call.error(), numbering));
        return out;
    }

    private String text(String text, PiiRedactor.Numbering numbering) {
        return text == null || text.isEmpty() ? text : redactor.redact(text, numbering).text();
    }

    /** The JSON {@code text} with every string value redacted but those of {@link #STRUCTURE}; plain text if not JSON. */
    private String json(String text, PiiRedactor.Numbering numbering) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return text(text, numbering);
        }
        if (tree == null) return text(text, numbering);
        JsonNode redacted = walk(tree, numbering);
        try {
            return JSON.writeValueAsString(redacted);
        } catch (JsonProcessingException e) {
            // a tree just read always writes; keep nothing unredacted if it somehow does not
            return text(text, numbering);
        }
    }

    private JsonNode walk(JsonNode node, PiiRedactor.Numbering numbering) {
        if (node.isTextual()) return TextNode.valueOf(text(node.textValue(), numbering));
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (STRUCTURE.contains(e.getKey()) && e.getValue().isTextual()) continue;
                e.setValue(walk(e.getValue(), numbering));
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, walk(a.get(i), numbering));
            return a;
        }
        return node;
    }
}
