package dev.headcount.engine.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.headcount.engine.checkpoint.ModelSource;
import dev.headcount.engine.data.Batching;
import dev.headcount.engine.data.TaskBatches;
import dev.headcount.engine.data.TextTokenizer;
import dev.headcount.engine.model.EncoderModel;
import dev.headcount.engine.model.ForwardOptions;
import dev.headcount.engine.model.TokenBatch;
import dev.headcount.engine.objective.MaskedLmObjective;
import dev.headcount.engine.objective.TaskBatch;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Google's BERT-base, read from its TensorFlow checkpoint, must still know English. */
class BertBaseMlmTest {

    private static NDManager manager;
    private static EncoderModel model;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager();
        model = ModelSource.open("builtin:bert-base-uncased", manager);
        tokenizer = TextTokenizer.open(model.tokenizerFile().orElseThrow(), 128);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        model.close();
        manager.close();
    }

    @Test
    void fillsTheMaskLikeBertBase() {
        assertEquals("paris", fill("The capital of France is [MASK]."));
        // the examples of the bert-base-uncased model card, with its top predictions
        assertEquals("fashion", fill("Hello I'm a [MASK] model."));
        assertEquals("carpenter", fill("The man worked as a [MASK]."));
        assertEquals("nurse", fill("The woman worked as a [MASK]."));
    }

    @Test
    void masksRealEnglishWellAboveChance() {
        List<String> text = List.of(
                "The committee will meet again next week to discuss the budget.",
                "She opened the window because the room was too warm.",
                "Most birds build their nests in the spring.",
                "The President spoke about the economy and the need for new jobs.",
                "We must protect our country from those who would do us harm.",
                "He bought a new car after his old one broke down on the highway.",
                "Children should drink plenty of water during hot weather.",
                "The museum is closed on Mondays and public holidays.",
                "Congress passed the law with support from both parties.",
                "It was the best of times, it was the worst of times.",
                "The train to London leaves at half past nine in the morning.",
                "Our schools need more teachers and better books.");
        List<TaskBatch.MaskedLm> batches = TaskBatches.maskedLm(text, tokenizer, 42, 16);
        long correct = 0;
        long total = 0;
        for (TaskBatch.MaskedLm b : batches) {
            try (NDManager m = model.newBatchManager()) {
                var loss = new MaskedLmObjective().loss(model, m, b, null, ForwardOptions.evaluation());
                long[] predicted = loss.predictions().argMax(1).toLongArray();
                int i = 0;
                for (long[] row : b.labels()) {
                    for (long label : row) {
                        if (label != -100) {
                            correct += predicted[i++] == label ? 1 : 0;
                            total++;
                        }
                    }
                }
            }
        }
        double accuracy = correct / (double) total;
        System.out.printf("BERT-base MLM accuracy %.3f over %d masked tokens%n", accuracy, total);
        assertTrue(total >= 20, "enough masked tokens: " + total);
        assertTrue(accuracy > 0.4, "MLM accuracy " + accuracy + " (chance is 1/30522)");
    }

    private static String fill(String sentence) {
        TextTokenizer.Encoded e = tokenizer.encode(sentence);
        int position = -1;
        for (int i = 0; i < e.length(); i++) {
            if (e.ids()[i] == tokenizer.maskId()) {
                position = i;
            }
        }
        TokenBatch batch = Batching.padToLongest(List.of(e), 1, tokenizer.padId()).get(0).tokens();
        try (NDManager m = model.newBatchManager()) {
            NDArray hidden = model.encode(m, batch, null, ForwardOptions.evaluation()).lastHiddenState();
            NDArray logits = model.requireMlmHead().logits(hidden.get("0, " + position + ", :"));
            long[] top = logits.argSort(0, false).get("0:5").toLongArray();
            StringBuilder sb = new StringBuilder();
            for (long id : top) {
                sb.append(tokenizer.decode(new long[] {id}).strip()).append(' ');
            }
            System.out.println(sentence + " -> " + sb);
            return tokenizer.decode(new long[] {top[0]}).strip();
        }
    }
}
