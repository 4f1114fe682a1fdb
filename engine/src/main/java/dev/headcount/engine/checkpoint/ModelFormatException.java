package dev.headcount.engine.checkpoint;

import java.io.IOException;

/**
 * A model file that cannot be what it claims: a safetensors header that lies about offsets or shapes, a truncated
 * file, a non-finite weight, a config.json that disagrees with the weights. The message names the file and the
 * tensor or config field, so the user knows what to fix; nothing has been loaded or written when it is thrown.
 */
public class ModelFormatException extends IOException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
