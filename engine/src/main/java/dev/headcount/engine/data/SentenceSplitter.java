package dev.headcount.engine.data;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** English sentence boundaries from the JDK's rule-based {@link BreakIterator}, not a regex on periods. */
public final class SentenceSplitter {

    public List<String> split(String text) {
        // a fresh iterator per call: BreakIterator instances are not thread-safe
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        String normalised = text.replaceAll("\\s+", " ").strip();
        boundaries.setText(normalised);
        List<String> sentences = new ArrayList<>();
        int start = boundaries.first();
        for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
            String sentence = normalised.substring(start, end).strip();
            if (!sentence.isEmpty()) sentences.add(sentence);
        }
        return sentences;
    }
}
