/**
 * Fingerprints of what a number was computed from: a model directory (SHA-256 of the files that determine its
 * numbers), the exact examples used (SHA-256 of a canonical encoding, in order), and the platform (DJL and
 * PyTorch versions, device, threads). The services and the command line put them into the events' provenance
 * record; the engine knows nothing of events.
 */
package dev.headcount.engine.provenance;
