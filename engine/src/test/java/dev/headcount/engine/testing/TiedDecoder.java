package dev.headcount.engine.testing;

/** How the MLM decoder weight, tied to the word embeddings, appears in the file. */
public enum TiedDecoder {
    /** Not stored: transformers re-ties it on load (what {@code save_pretrained} with safetensors does). */
    OMITTED,
    /** Stored as a copy of the word embeddings (older PyTorch checkpoints converted to safetensors). */
    DUPLICATED
}
