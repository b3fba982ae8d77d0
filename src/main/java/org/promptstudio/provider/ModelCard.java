package org.promptstudio.provider;

/**
 * What a model is, for the model picker and run reports: {@code kind} is the adapter kind ({@code extractive},
 * {@code openai}, ...), {@code limitations} what a user must not expect from it.
 */
public record ModelCard(String id, String kind, String description, String limitations) {
}
