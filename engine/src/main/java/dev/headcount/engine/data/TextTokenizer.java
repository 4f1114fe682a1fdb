package dev.headcount.engine.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model's tokenizer (its {@code tokenizer.json}), truncating to a maximum length and never
 * padding: batches are padded by {@link Batching}, each to its own longest row.
 */
public final class TextTokenizer implements AutoCloseable {

    /** One tokenised example. */
    public record Encoded(long[] ids, long[] typeIds, long[] specialMask) {
        public int length() {
            return ids.length;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final Set<Long> specialIds = new HashSet<>();
    private final long padId;
    private final long maskId;
    private final int vocabSize;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, JsonNode json, Path file, int maxLength) throws IOException {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        long pad = -1;
        long mask = -1;
        for (JsonNode t : json.path("added_tokens")) {
            String content = t.path("content").asText();
            long id = t.path("id").asLong();
            if (t.path("special").asBoolean(false)) {
                specialIds.add(id);
            }
            String lower = content.toLowerCase(Locale.ROOT);
            if (lower.equals("[pad]") || lower.equals("<pad>")) {
                pad = id;
            } else if (lower.equals("[mask]") || lower.equals("<mask>")) {
                mask = id;
            }
        }
        if (pad < 0) {
            throw new IOException(file + ": no [PAD] or <pad> token among added_tokens");
        }
        this.padId = pad;
        this.maskId = mask;
        JsonNode vocab = json.path("model").path("vocab");
        int size = vocab.size();
        for (JsonNode t : json.path("added_tokens")) {
            size = Math.max(size, t.path("id").asInt() + 1);
        }
        this.vocabSize = size;
    }

    /** Opens a tokenizer.json; the file's own padding and truncation settings are overridden. */
    public static TextTokenizer open(Path tokenizerJson, int maxLength) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new IOException(tokenizerJson + ": not a readable tokenizer.json: " + e.getMessage(), e);
        }
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxLength),
                "addSpecialTokens", "true"));
        return new TextTokenizer(t, json, tokenizerJson, maxLength);
    }

    public Encoded encode(String text) {
        return wrap(tokenizer.encode(text));
    }

    public Encoded encode(String first, String second) {
        return second == null ? encode(first) : wrap(tokenizer.encode(first, second));
    }

    private static Encoded wrap(Encoding e) {
        return new Encoded(e.getIds(), e.getTypeIds(), e.getSpecialTokenMask());
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    public java.util.List<String> tokens(String text) {
        return tokenizer.tokenize(text);
    }

    public long padId() {
        return padId;
    }

    /** The [MASK] / &lt;mask&gt; id, or -1 when the tokenizer has none. */
    public long maskId() {
        return maskId;
    }

    public Set<Long> specialIds() {
        return Set.copyOf(specialIds);
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
