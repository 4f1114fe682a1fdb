package dev.headcount.metrics.coherence;

/** The coherence of the maps named {@code first} and {@code second}: one document per task pair. */
public record CoherencePair(String first, String second, Coherence coherence) {
}
