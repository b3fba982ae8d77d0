package org.promptstudio.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Counts tokens locally with jtokkit, for estimates before a run and for calls whose provider reported no usage.
 * OpenAI models get their own encoding ({@code o200k_base} for gpt-4o, gpt-4.1, gpt-5 and the o-series,
 * {@code cl100k_base} for gpt-4 and gpt-3.5); every other model (Claude, Gemini, Llama, the built-ins) is counted
 * with {@code cl100k_base} as an approximation, since their tokenizers are not available offline. Media parts are
 * not counted. Thread-safe.
 */
public final class TokenCounter {

    /** Tokens OpenAI chat adds around each message, and to prime the reply (OpenAI cookbook, gpt-3.5/4/4o). */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PER_REPLY = 3;

    /** The encoding used for {@code modelName}: {@code o200k_base} or {@code cl100k_base}. */
    public String encodingFor(String modelName) {
        return encoding(modelName).getName();
    }

    /** Whether the count for {@code modelName} is the model's own tokenizer, not an approximation. */
    public boolean isExact(String modelName) {
        String name = normalise(modelName);
        return usesO200k(name) || name.startsWith("gpt-4") || name.startsWith("gpt-3.5");
    }

    /** Tokens of plain text; special-token markers in the text count as ordinary text. */
    public int count(String modelName, String text) {
        if (text == null || text.isEmpty()) return 0;
        return encoding(modelName).countTokensOrdinary(text);
    }

    /**
     * Loads the encoding {@code modelName} is counted with, if it is not loaded yet (its vocabulary is read once a
     * process), so that a call's latency measures the call, not the loading.
     */
    public void load(String modelName) {
        encoding(modelName);
    }

    /** Tokens of a chat prompt as OpenAI chat counts them: each message's role and text, plus framing. */
    public int countMessages(String modelName, List<Message> messages) {
        Encoding encoding = encoding(modelName);
        int total = TOKENS_PER_REPLY;
        for (Message message : messages) {
            total += TOKENS_PER_MESSAGE + encoding.countTokensOrdinary(wireRole(message.role()));
            String text = message.text();
            if (!text.isEmpty()) total += encoding.countTokensOrdinary(text);
        }
        return total;
    }

    /** The usage of a call counted locally (flagged {@code estimated}). */
    public ChatResult.Usage estimateUsage(ModelRef model, List<Message> messages, String output) {
        String name = model.model();
        return new ChatResult.Usage(countMessages(name, messages), count(name, output), true);
    }

    /** {@code result} as it is when it carries usage; else with usage counted locally. */
    public ChatResult withUsage(ChatRequest request, ChatResult result) {
        if (result.usage() != null) return result;
        return new ChatResult(result.text(), result.finishReason(),
                estimateUsage(request.model(), request.messages(), result.text()), result.latencyMillis(),
                result.firstTokenMillis(), result.providerModel());
    }

    /** The longest start of {@code text} that fits in {@code maxTokens} tokens. */
    public String truncate(String modelName, String text, int maxTokens) {
        Encoding encoding = encoding(modelName);
        IntArrayList tokens = encoding.encodeOrdinary(text);
        if (tokens.size() <= maxTokens) return text;
        IntArrayList head = new IntArrayList(Math.max(maxTokens, 0));
        for (int i = 0; i < maxTokens; i++) head.add(tokens.get(i));
        String decoded = encoding.decode(head);
        // A token boundary can split a multi-byte character; drop the replacement character it leaves.
        return decoded.endsWith("\uFFFD") ? decoded.substring(0, decoded.length() - 1) : decoded;
    }

    /**
     * Where {@code text} may be cut between tokens, for splitting text that has no other break: the character offsets,
     * ascending, at which one of its tokens (as {@code modelName}'s encoding encodes the whole text) ends without
     * cutting a character in half (a character spread over several tokens ends at its last one). The last offset is
     * {@code text.length()}, so the spans between consecutive offsets, from 0, cover the text exactly.
     *
     * @return the offsets in chars; empty for null or empty text
     */
    public int[] tokenBoundaries(String modelName, String text) {
        if (text == null || text.isEmpty()) return new int[0];
        Encoding encoding = encoding(modelName);
        IntArrayList tokens = encoding.encodeOrdinary(text);
        int[] out = new int[tokens.size() + 1];
        int n = 0;
        IntArrayList one = new IntArrayList(1);
        long bytes = 0;       // UTF-8 bytes of the tokens so far
        long charBytes = 0;   // UTF-8 bytes of text[0, ch)
        int ch = 0;
        for (int t = 0; t < tokens.size() && ch < text.length(); t++) {
            one.clear();
            one.add(tokens.get(t));
            bytes += encoding.decodeBytes(one).length;
            while (charBytes < bytes && ch < text.length()) {
                int cp = text.codePointAt(ch);
                charBytes += utf8Length(cp);
                ch += Character.charCount(cp);
            }
            if (charBytes == bytes && (n == 0 || out[n - 1] < ch)) out[n++] = ch;
        }
        if (n == 0 || out[n - 1] != text.length()) out[n++] = text.length();
        return Arrays.copyOf(out, n);
    }

    /** Bytes of {@code codePoint} in UTF-8 (a lone surrogate is encoded as one replacement byte). */
    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) return 1;
        if (codePoint < 0x800) return 2;
        if (Character.isSurrogate((char) codePoint)) return 1;
        return codePoint < 0x10000 ? 3 : 4;
    }

    private static String wireRole(String role) {
        return Message.MODEL.equals(role) ? "assistant" : role;
    }

    private static Encoding encoding(String modelName) {
        return usesO200k(normalise(modelName)) ? O200k.ENCODING : Cl100k.ENCODING;
    }

    private static String normalise(String modelName) {
        if (modelName == null) return "";
        String name = modelName.trim().toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;   // "openai/gpt-4o" as routers name it
    }

    private static boolean usesO200k(String name) {
        return name.startsWith("gpt-4o") || name.startsWith("chatgpt-4o") || name.startsWith("gpt-4.1")
                || name.startsWith("gpt-4.5") || name.startsWith("gpt-5") || name.startsWith("gpt-oss")
                || name.matches("o[1-9](-.*)?");
    }

    /** Loaded on first use only (each table takes a moment to build). */
    private static final class O200k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
