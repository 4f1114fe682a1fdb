package dev.headcount.engine.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns documents into pre-training examples: for MLM, runs of consecutive sentences packed up to a
 * word budget; for contrastive, pairs of consecutive sentences (textA, textB) of the same document.
 */
public final class PretrainingExamples {
    /** Word pieces per word in English BERT vocabularies is about 1.3; this keeps packed text inside maxSeqLength. */
    private static final double WORD_PIECES_PER_WORD = 1.3;
    private static final int MIN_WORDS = 3;

    private final SentenceSplitter splitter = new SentenceSplitter();

    /** An example and the document it came from. */
    public record Sourced(String documentId, Example example) {
    }

    public static int wordBudget(int maxSeqLength) {
        return Math.max(8, (int) ((maxSeqLength - 2) / WORD_PIECES_PER_WORD));
    }

    public List<Sourced> examples(List<TextDocument> documents, TaskKind kind, int maxSeqLength) {
        List<Sourced> examples = new ArrayList<>();
        int budget = wordBudget(maxSeqLength);
        for (TextDocument document : documents) {
            List<String> sentences = splitter.split(document.text()).stream()
                    .filter(s -> words(s) >= MIN_WORDS).toList();
            if (kind == TaskKind.CONTRASTIVE_PAIRS) {
                for (int i = 0; i + 1 < sentences.size(); i++) {
                    if (words(sentences.get(i)) + words(sentences.get(i + 1)) <= budget) {
                        examples.add(new Sourced(document.id(), Example.textPair(sentences.get(i), sentences.get(i + 1))));
                    }
                }
            } else if (kind == TaskKind.MLM_TEXT) {
                packed(sentences, budget).forEach(text -> examples.add(new Sourced(document.id(), Example.text(text))));
            } else {
                throw new IllegalArgumentException("plain text gives mlm or contrastive examples, not " + kind.shortName());
            }
        }
        return examples;
    }

    private static List<String> packed(List<String> sentences, int budget) {
        List<String> groups = new ArrayList<>();
        StringBuilder group = new StringBuilder();
        int groupWords = 0;
        for (String sentence : sentences) {
            int n = words(sentence);
            if (n > budget) continue; // a single over-long "sentence" is usually a table or list, not prose
            if (groupWords + n > budget && groupWords > 0) {
                groups.add(group.toString());
                group.setLength(0);
                groupWords = 0;
            }
            if (groupWords > 0) group.append(' ');
            group.append(sentence);
            groupWords += n;
        }
        if (groupWords > 0) groups.add(group.toString());
        return groups;
    }

    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
