package dev.headcount.cli;

import dev.headcount.engine.model.EncoderModel;
import java.nio.file.Path;

/** What several commands need to say the same way. */
final class Commands {

    private Commands() {
    }

    /** The model's tokenizer.json, or an error saying which model lacks one. */
    static Path tokenizerOf(EncoderModel model, String name) {
        return model.tokenizerFile().orElseThrow(() -> new IllegalArgumentException(
                "model " + name + " has no tokenizer.json; this command needs text, so the model directory must"
                        + " carry its tokenizer"));
    }
}
