package dev.headcount.engine.data;

/** A document of a pre-training corpus; the id keeps a document's sentences on one side of a split. */
public record TextDocument(String id, String text) {
}
