package dev.headcount.pipeline.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headcount.engine.testing.TinyCheckpoints;
import dev.headcount.engine.testing.TinyHead;
import dev.headcount.engine.testing.TinySpec;
import dev.headcount.events.ArtifactLayout;
import dev.headcount.events.ArtifactStore;
import dev.headcount.events.ExperimentRequest;
import dev.headcount.events.FineTuneOptions;
import dev.headcount.events.ModelVariant;
import dev.headcount.events.RankingOptions;
import dev.headcount.events.SampleSizes;
import dev.headcount.events.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole experiment small enough for unit and service tests (each step well under a second): a tiny random
 * BERT with an MLM head as {@code pretrained} (3 layers × 4 heads, vocabulary 40, 20 positions), a WordPiece
 * {@code tokenizer.json} over that vocabulary, a plain-text corpus for masked LM ({@value #PRETRAINING}) and a
 * two-class JSON Lines task ({@value #DOWNSTREAM}), both as {@code file:} tasks, and a tiny classifier standing
 * in for the fine-tuned model (what finetune-service would have written).
 */
public final class TinyExperiment {
    public static final String PRETRAINING = "tiny/text";
    public static final String DOWNSTREAM = "tiny/topic";
    public static final int LAYERS = 3;
    public static final int HEADS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    /** 40 - 5 special tokens - "." */
    static final List<String> WORDS = List.of("the", "a", "cat", "dog", "bird", "fish", "sees", "likes", "eats",
            "runs", "sleeps", "red", "blue", "green", "small", "big", "old", "new", "house", "tree", "river", "hill",
            "town", "road", "near", "over", "under", "and", "then", "today", "slowly", "quickly", "often", "never");

    private final Path directory;
    private final Path model;
    private final Path tokenizer;
    private final Path corpus;
    private final Path data;

    private TinyExperiment(Path directory) {
        this.directory = directory;
        this.model = directory.resolve("pretrained");
        this.tokenizer = directory.resolve("tokenizer.json");
        this.corpus = directory.resolve("corpus.txt");
        this.data = directory.resolve("topic.jsonl");
    }

    /** Writes the model, tokenizer and data under {@code directory}. */
    public static TinyExperiment create(Path directory) throws IOException {
        TinyExperiment e = new TinyExperiment(directory);
        Files.createDirectories(directory);
        writeTokenizer(e.tokenizer);
        TinyCheckpoints.write(e.model, TinySpec.bert(TinyHead.MASKED_LM));
        Files.copy(e.tokenizer, e.model.resolve("tokenizer.json"));
        writeCorpus(e.corpus, 30, 7);
        writeClassification(e.data, 60, 11);
        return e;
    }

    public Path directory() {
        return directory;
    }

    public Path pretrainedModel() {
        return model;
    }

    public Path tokenizer() {
        return tokenizer;
    }

    public String pretrainingSpec() {
        return PRETRAINING + "=file:" + corpus + "?kind=mlm";
    }

    public String downstreamSpec() {
        return DOWNSTREAM + "=file:" + data + "?kind=single";
    }

    /** Fractions 0, 0.25, 0.5; one pruned-then-fine-tuned fraction (0.5); one random ranking; small samples. */
    public ExperimentRequest request() {
        return new ExperimentRequest(model.toString(), TaskSpec.parse(pretrainingSpec()),
                List.of(TaskSpec.parse(downstreamSpec())), new SampleSizes(12, 40, 8), null,
                List.of(0.0, 0.25, 0.5), new RankingOptions(true, 1), List.of(0.5),
                new FineTuneOptions(1, 1e-4, 4, 16, 0.0, 0.0), 7L);
    }

    /** Stands in for finetune-service: a tiny classifier (with the tokenizer) at {@code finetuned/<downstream>}. */
    public Path writeFineTuned(ArtifactStore store, String experimentId) throws IOException {
        ModelVariant variant = ModelVariant.finetuned(DOWNSTREAM);
        store.writeDirectory(experimentId, variant, ArtifactLayout.MODEL, dir -> {
            TinyCheckpoints.write(dir, TinySpec.bert(TinyHead.SEQUENCE_CLASSIFICATION).withSeed(1234));
            Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        });
        return store.localPath(ArtifactLayout.model(store, experimentId, variant));
    }

    /** A BERT WordPiece tokenizer.json (lower-casing, [CLS] A [SEP] B [SEP]) over the tiny vocabulary. */
    public static void writeTokenizer(Path file) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<Map<String, Object>> added = new ArrayList<>();
        for (String token : SPECIAL) {
            added.add(Map.of("id", vocab.size(), "content", token, "single_word", false, "lstrip", false,
                    "rstrip", false, "normalized", false, "special", true));
            vocab.put(token, vocab.size());
        }
        vocab.put(".", vocab.size());
        for (String word : WORDS) {
            vocab.put(word, vocab.size());
        }
        if (vocab.size() != 40) {
            throw new IllegalStateException("tiny vocabulary must have 40 entries, has " + vocab.size());
        }
        Map<String, Object> normalizer = new LinkedHashMap<>();
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", true);
        normalizer.put("strip_accents", null);
        normalizer.put("lowercase", true);
        Map<String, Object> post = Map.of("type", "TemplateProcessing",
                "single", List.of(special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)),
                "pair", List.of(special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1),
                        special("[SEP]", 1)),
                "special_tokens", Map.of(
                        "[CLS]", Map.of("id", "[CLS]", "ids", List.of(2), "tokens", List.of("[CLS]")),
                        "[SEP]", Map.of("id", "[SEP]", "ids", List.of(3), "tokens", List.of("[SEP]"))));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", added);
        json.put("normalizer", normalizer);
        json.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        json.put("post_processor", post);
        json.put("decoder", Map.of("type", "WordPiece", "prefix", "##", "cleanup", true));
        json.put("model", Map.of("type", "WordPiece", "unk_token", "[UNK]", "continuing_subword_prefix", "##",
                "max_input_chars_per_word", 100, "vocab", vocab));
        JSON.writeValue(file.toFile(), json);
    }

    private static Map<String, Object> special(String id, int typeId) {
        return Map.of("SpecialToken", Map.of("id", id, "type_id", typeId));
    }

    private static Map<String, Object> sequence(String id, int typeId) {
        return Map.of("Sequence", Map.of("id", id, "type_id", typeId));
    }

    private static String sentence(SplittableRandom rng, int words) {
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < words; w++) {
            String word = WORDS.get(rng.nextInt(WORDS.size()));
            s.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
        }
        return s.append('.').toString();
    }

    /** One document per line, three sentences of 4–6 words each. */
    static void writeCorpus(Path file, int documents, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < documents; d++) {
            for (int s = 0; s < 3; s++) {
                text.append(s == 0 ? "" : " ").append(sentence(rng, 4 + rng.nextInt(3)));
            }
            text.append('\n');
        }
        Files.writeString(file, text);
    }

    /** {"sentence": …, "label": 0|1}; label 1 when the sentence mentions an animal. */
    static void writeClassification(Path file, int rows, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            String s = sentence(rng, 4 + rng.nextInt(4));
            int label = s.matches("(?i).*\\b(cat|dog|bird|fish)\\b.*") ? 1 : 0;
            out.append(JSON.writeValueAsString(Map.of("sentence", s, "label", label))).append('\n');
        }
        Files.writeString(file, out);
    }
}
