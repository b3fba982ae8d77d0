package org.promptstudio.model;

import java.util.Map;

/**
 * One piece of a message: text, a media reference, a pending section placeholder, a model's request to call a tool,
 * or a tool's answer to such a request (Dotprompt's {@code ToolRequestPart} and {@code ToolResponsePart}).
 */
public sealed interface Part permits Part.Text, Part.Media, Part.Pending, Part.ToolRequest, Part.ToolResponse {

    /** Plain text. */
    record Text(String text) implements Part {
        public Text {
            if (text == null) throw new IllegalArgumentException("text is null");
        }
    }

    /** A media reference (image, audio, ...); {@code contentType} may be null. */
    record Media(String url, String contentType) implements Part {
        public Media {
            if (url == null) throw new IllegalArgumentException("url is null");
        }
    }

    /** A placeholder a later stage fills, e.g. {@code {{section "output"}}}. */
    record Pending(Map<String, Object> metadata) implements Part {
        public Pending {
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * A model asks for a tool to be called (Dotprompt {@code toolRequest}).
     *
     * @param ref   the provider's id of this call ({@code call_abc} for OpenAI, {@code toolu_...} for Anthropic); a
     *              made-up {@code name#n} when the provider gives none (Gemini, Ollama), never null
     * @param name  the tool's name as declared
     * @param input the arguments the model wrote: a JSON object as maps, lists, strings, numbers, booleans, nulls;
     *              arguments that were no JSON object are kept under {@code _raw}
     * @param signature an opaque token the provider gave with the call and wants back, unchanged, when the
     *              conversation goes on (Gemini's {@code thoughtSignature}, ai.google.dev/gemini-api/docs/thought-signatures;
     *              Gemini 3 refuses a continuation without it); null when there is none. Other providers ignore it.
     */
    record ToolRequest(String ref, String name, Map<String, Object> input, String signature) implements Part {
        public ToolRequest {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("tool name is empty");
            ref = ref == null || ref.isBlank() ? name : ref;
            input = input == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
            signature = signature == null || signature.isEmpty() ? null : signature;
        }

        /** A call without a provider signature. */
        public ToolRequest(String ref, String name, Map<String, Object> input) {
            this(ref, name, input, null);
        }

        /** The record's text, with the signature only when there is one (it is long and opaque). */
        @Override
        public String toString() {
            return "ToolRequest[ref=" + ref + ", name=" + name + ", input=" + input
                    + (signature == null ? "" : ", signature=" + signature) + "]";
        }
    }

    /**
     * A tool's result, given back to the model (Dotprompt {@code toolResponse}); {@code ref} and {@code name} are those
     * of the {@link ToolRequest} it answers, {@code output} is any JSON value (a string when the user typed text).
     */
    record ToolResponse(String ref, String name, Object output) implements Part {
        public ToolResponse {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("tool name is empty");
            ref = ref == null || ref.isBlank() ? name : ref;
        }
    }
}
