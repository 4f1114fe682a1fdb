package dev.headcount.messaging;

/**
 * A worker that is stopping gave a unit back instead of finishing it ({@link WorkRunner#stop}): its record must be
 * neither acknowledged nor retried nor dead-lettered, so that its partition, once released, hands it to another
 * replica. Like {@link PublishingFailedException}, {@link RecordProcessor} lets it through untouched.
 */
public class UnitHandedBackException extends RuntimeException {
    public UnitHandedBackException(String message) {
        super(message);
    }
}
