package dev.headcount.messaging;

/**
 * The broker did not take what a service published. Not the input record's fault: it is neither retried as
 * work nor dead-lettered, and its offset is not committed (the channel fails, the service reports unhealthy, and
 * the record is consumed again after a restart).
 */
public class PublishingFailedException extends RuntimeException {
    public PublishingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
