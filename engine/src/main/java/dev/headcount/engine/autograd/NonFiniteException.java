package dev.headcount.engine.autograd;

/**
 * A NaN or infinite loss, gradient or result. It stops the unit that produced it (a fine-tune, an
 * importance map, an evaluation): nothing computed from it is saved or reported. Retrying gives
 * the same numbers, so services treat it as permanent (no retries; a dead letter with this message).
 */
public final class NonFiniteException extends ArithmeticException {

    public NonFiniteException(String message) {
        super(message);
    }
}
