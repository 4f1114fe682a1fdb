package dev.headcount.engine.hub;

import java.io.IOException;

/** A Hub request or cache lookup that cannot be satisfied; the message says what is missing and what to do. */
public class HubException extends IOException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
