package org.promptstudio.index;

/**
 * How far an ingestion has come, reported after each document is stored.
 *
 * @param documentsDone   documents stored or skipped so far (of those that needed reading)
 * @param documentsTotal  documents that needed reading (new or changed); unchanged ones are not counted
 * @param chunksEmbedded  chunks embedded and stored so far
 * @param currentFile     workspace-relative path of the document just handled; empty before the first
 */
public record IndexProgress(int documentsDone, int documentsTotal, int chunksEmbedded, String currentFile) {
}
