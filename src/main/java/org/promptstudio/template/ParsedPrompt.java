package org.promptstudio.template;

/**
 * A {@code .prompt} source split into its front matter and its Handlebars body.
 *
 * @param sourceName where the text came from, for messages ({@code prompts/answer.prompt})
 * @param metadata   the parsed front matter (schemas still as written: Picoschema is converted on render)
 * @param template   the Handlebars body
 * @param bodyLine   the 1-based line of the file on which the body starts, so errors name file lines
 * @param frontMatter the front matter's YAML text as written (empty when there is none; its first line is line 2 of
 *                    the file), so errors in it (a schema's fault) name their line and column
 */
public record ParsedPrompt(String sourceName, PromptMetadata metadata, String template, int bodyLine,
                           String frontMatter) {

    /** A prompt whose front matter text is not known (built in code): its errors name no line. */
    public ParsedPrompt(String sourceName, PromptMetadata metadata, String template, int bodyLine) {
        this(sourceName, metadata, template, bodyLine, "");
    }

    public ParsedPrompt {
        frontMatter = frontMatter == null ? "" : frontMatter;
    }
}
