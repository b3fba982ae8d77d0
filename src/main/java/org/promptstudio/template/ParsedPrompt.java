package org.promptstudio.template;

/**
 * A {@code .prompt} source split into its front matter and its Handlebars body.
 *
 * @param sourceName where the text came from, for messages ({@code prompts/answer.prompt})
 * @param metadata   the parsed front matter (schemas still as written: Picoschema is converted on render)
 * @param template   the Handlebars body
 * @param bodyLine   the 1-based line of the file on which the body starts, so errors name file lines
 */
public record ParsedPrompt(String sourceName, PromptMetadata metadata, String template, int bodyLine) {
}
