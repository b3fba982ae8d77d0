package org.promptstudio.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.RenderData;

/**
 * Prints figures for the extractive model and MiniLM: the sample's {@code rag-answer} prompt rendered with ten
 * knowledge-base passages, answered cold (model load), on new text, and on text seen before; and the embedding
 * rate. Not part of the normal test run (the name does not end in Test); run it on purpose:
 * <pre>
 * mvn -q -o -B test -Dtest=ExtractiveBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class ExtractiveBenchmark {

    private static final Path SAMPLE = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"),
            "support-assistant");
    /** Questions, each with the document that answers it; the other nine passages are other documents. */
    private static final String[][] QUESTIONS = {
        {"How many days do I have to return a Dial I bought?", "returns-policy"},
        {"How long does delivery to Amsterdam take, and what does it cost?", "shipping-policy"},
        {"Is the Valve covered by the warranty if it breaks after a year?", "warranty"},
        {"Can I pay with iDEAL or PayPal?", "payment-methods"},
        {"My Bridge keeps losing the wifi connection. What can I do?", "wifi-connectivity"},
        {"What does the Pro plan cost per year?", "subscription-plans"},
    };

    @Test
    void printFigures() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.list(SAMPLE.resolve("docs"))) {
            docs = files.filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".txt")).sorted().toList();
        }
        PromptLibrary prompts = new PromptLibrary(SAMPLE.resolve("prompts"));
        Embeddings embeddings = Embeddings.shared();
        ExtractiveModel model = new ExtractiveModel(ModelRef.of("extractive", "extractive", null), embeddings,
                new TokenCounter());

        for (int round = 0; round < QUESTIONS.length; round++) {
            List<Message> messages = render(prompts, QUESTIONS[round][0], passages(docs, QUESTIONS[round][1], round));
            int sentences = PromptSentences.of(messages).size();
            if (round > 0) embeddings.forgetRemembered();
            long t0 = System.nanoTime();
            ChatResult first = model.chat(new ChatRequest(model(), messages, null), StreamListener.NONE);
            long t1 = System.nanoTime();
            model.chat(new ChatRequest(model(), messages, null), StreamListener.NONE);
            long t2 = System.nanoTime();
            System.out.printf("rag-answer, 10 passages, %d sentences, %d input tokens: %s %d ms, again %d ms%n  Q: %s%n  A: %s%n",
                    sentences, first.usage().inputTokens(), round == 0 ? "cold (loads MiniLM)" : "new text",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, QUESTIONS[round][0],
                    first.text().replace("\n", "\n     "));
        }

        List<String> texts = new ArrayList<>();
        for (Path doc : docs) {
            for (Sentence s : PromptSentencesView.of(Files.readString(doc))) texts.add(s.text());
        }
        texts = texts.stream().distinct().limit(600).toList();
        embeddings.forgetRemembered();
        long t0 = System.nanoTime();
        embeddings.embedAll(texts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("MiniLM embedAll: %d sentences in %.2f s = %.0f sentences/s (%d cores)%n", texts.size(),
                seconds, texts.size() / seconds, Runtime.getRuntime().availableProcessors());
        embeddings.forgetRemembered();
        t0 = System.nanoTime();
        for (String text : texts.subList(0, 100)) embeddings.embed(text);
        seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("MiniLM embed one at a time: %.0f sentences/s%n", 100 / seconds);
    }

    private static ModelRef model() {
        return ModelRef.of("extractive", "extractive", null);
    }

    private static List<Message> render(PromptLibrary prompts, String question, String context) {
        return prompts.render(prompts.require("rag-answer"),
                RenderData.of(Map.of("question", question, "context", context)), Map.of()).messages();
    }

    /**
     * Ten passages as a retriever would give them, the answering document third: the id, then the first 700 or so
     * characters of the document, cut at a paragraph.
     */
    private static String passages(List<Path> docs, String answering, int round) throws IOException {
        List<Path> chosen = new ArrayList<>();
        for (int k = 0; chosen.size() < 9; k++) {
            Path doc = docs.get((round * 7 + k * 3) % docs.size());
            if (!doc.getFileName().toString().startsWith(answering + ".") && !chosen.contains(doc)) chosen.add(doc);
        }
        chosen.add(2, docs.stream().filter(d -> d.getFileName().toString().startsWith(answering + ".")).findFirst()
                .orElseThrow());
        StringBuilder context = new StringBuilder();
        for (Path doc : chosen) {
            String text = Files.readString(doc);
            int start = 0;
            int end = text.indexOf("\n\n", Math.min(text.length(), 700));
            String passage = text.substring(start, end < 0 ? text.length() : end).strip();
            String id = doc.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            context.append('[').append(id).append("] ").append(passage).append("\n\n");
        }
        return context.toString().strip();
    }

    private record Sentence(String text) {
    }

    private static final class PromptSentencesView {
        static List<Sentence> of(String text) {
            return PromptSentences.of(List.of(Message.text(Message.USER, text))).stream()
                    .map(s -> new Sentence(s.text())).toList();
        }
    }
}
