package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Path;

/** Input data that cannot be read as the expected format; the message names file, line and field. */
public class DataFormatException extends IOException {

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public static DataFormatException at(Path file, long line, String problem) {
        return new DataFormatException(file + ":" + line + ": " + problem);
    }

    public static DataFormatException in(Path file, String problem) {
        return new DataFormatException(file + ": " + problem);
    }
}
