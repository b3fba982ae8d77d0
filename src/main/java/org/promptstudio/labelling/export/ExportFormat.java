package org.promptstudio.labelling.export;

import java.util.Locale;

/** The files an export can write, each with its default file name ending. */
public enum ExportFormat {
    /** OpenAI chat fine-tuning JSONL. */
    OPENAI("jsonl"),
    /** Vertex AI Gemini supervised tuning JSONL. */
    VERTEX("jsonl"),
    /** Preference pairs JSONL (prompt / chosen / rejected) for DPO-style tuning. */
    DPO("jsonl"),
    /** CSV of all labels. */
    CSV("csv");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name ending without its dot ({@code jsonl}). */
    public String extension() {
        return extension;
    }

    /** The name as the command line writes it ({@code openai}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code id} ({@code openai}, {@code vertex}, {@code dpo}, {@code csv}, any case).
     *
     * @throws ExportException naming the formats there are
     */
    public static ExportFormat of(String id) {
        for (ExportFormat f : values()) if (f.id().equalsIgnoreCase(id == null ? "" : id.trim())) return f;
        throw new ExportException("unknown export format \"" + id + "\": use openai, vertex, dpo or csv");
    }
}
