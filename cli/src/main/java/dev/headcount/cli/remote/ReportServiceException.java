package dev.headcount.cli.remote;

/**
 * The report-service could not be reached, or answered with an error; the message is meant for the terminal
 * as it is.
 */
public final class ReportServiceException extends RuntimeException {

    private final int status;

    ReportServiceException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer, or 0 when there was none (nothing listening, timeout). */
    public int status() {
        return status;
    }

    /** Nothing answered: worth retrying while a service restarts, unlike an error answer. */
    public boolean unreachable() {
        return status == 0;
    }
}
