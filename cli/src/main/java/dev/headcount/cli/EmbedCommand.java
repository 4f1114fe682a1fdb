package dev.headcount.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.autograd.Autograd;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Batching;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.EncoderOutput;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.SentenceEmbedding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sentence embeddings (mean pooling, L2-normalised) as JSON lines. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed sentences (arguments, or one per line of --file) with mean pooling + L2 norm; prints"
                + " one JSON array per sentence.")
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "builtin:all-MiniLM-L6-v2", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--file", description = "text file, one sentence per line")
    Path file;

    @Option(names = "--max-length", defaultValue = "128")
    int maxLength;

    @Parameters(arity = "0..*", description = "sentences")
    List<String> sentences = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> texts = new ArrayList<>(sentences);
        if (file != null) {
            Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(texts::add);
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("nothing to embed: give sentences or --file");
        }
        ObjectMapper json = new ObjectMapper();
        try (NDManager manager = NDManager.newBaseManager();
             EncoderModel m = ModelSource.open(model, manager);
             TextTokenizer tokenizer = TextTokenizer.open(Commands.tokenizerOf(m, model), maxLength)) {
            float[][] out = new float[texts.size()][];
            List<TextTokenizer.Encoded> encoded = texts.stream().map(tokenizer::encode).toList();
            for (Batching.Batch b : Batching.bucketed(encoded, 32, tokenizer.padId())) {
                try (NDManager batch = m.newBatchManager(); var off = Autograd.noGrad()) {
                    EncoderOutput o = m.encode(batch, b.tokens(), null, ForwardOptions.evaluation());
                    float[] flat = SentenceEmbedding.embed(o.lastHiddenState(), o.attentionMask()).toFloatArray();
                    int width = flat.length / b.indices().length;
                    for (int r = 0; r < b.indices().length; r++) {
                        out[b.indices()[r]] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
                    }
                }
            }
            for (float[] e : out) {
                System.out.println(json.writeValueAsString(e));
            }
        }
        return 0;
    }
}
