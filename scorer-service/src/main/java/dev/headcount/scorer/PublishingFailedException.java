package dev.headcount.scorer;

/**
 * The broker did not take what the service published: not the input record's fault, so the record is not
 * dead-lettered and its offset is not committed (the channel fails, the service reports unhealthy, and the record
 * is consumed again after a restart).
 */
public class PublishingFailedException extends RuntimeException {
    public PublishingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
