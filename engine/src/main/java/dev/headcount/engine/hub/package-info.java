/**
 * The Hugging Face Hub: a client on the JDK's HTTP client that reads and fills the cache exactly as
 * Python's {@code huggingface_hub} lays it out ({@code models--ORG--NAME/refs}, {@code snapshots},
 * {@code blobs}), so a cache filled by either side is used by the other. It knows repositories,
 * revisions and files, nothing about models or data sets (the {@code checkpoint} and {@code data}
 * packages choose the files).
 */
package dev.headcount.engine.hub;
