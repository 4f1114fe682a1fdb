package dev.headcount.engine.data;

import dev.headcount.metrics.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a user's plain-text corpus for the pre-training task: a file with one document (or
 * sentence) per line, or a folder of {@code .txt} files, one document each. Train and dev are split
 * by document (seeded, 80/20) so dev text is unseen.
 */
public final class PlainTextLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PlainTextLoader.class);
    static final double DEV_FRACTION = 0.2;

    public List<TextDocument> documents(Path source) throws IOException {
        TextDecoder decoder = new TextDecoder();
        List<TextDocument> documents = new ArrayList<>();
        if (Files.isDirectory(source)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path file : files) {
                documents.add(new TextDocument(source.relativize(file).toString(), decoder.decode(Files.readAllBytes(file))));
            }
        } else if (Files.isRegularFile(source)) {
            String[] lines = decoder.decode(Files.readAllBytes(source)).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) documents.add(new TextDocument("line " + (i + 1), lines[i]));
            }
        } else {
            throw new DataFormatException(source + ": no such file or folder");
        }
        if (decoder.fallbackCount() > 0) {
            LOG.warn("{}: {} file(s) were not valid UTF-8 and were read as ISO-8859-1", source, decoder.fallbackCount());
        }
        if (documents.isEmpty()) {
            throw DataFormatException.in(source, "no text found (expected one document per line, or .txt files in the folder)");
        }
        return documents;
    }

    public Task load(String name, Path source, TaskKind kind, LoadOptions options) throws IOException {
        TaskSpec spec = pretrainingSpec(name, kind, "plain text from " + source, "as the user's source");
        return split(spec, documents(source), options, source.toString());
    }

    static TaskSpec pretrainingSpec(String name, TaskKind kind, String description, String licence) {
        List<Metric> metrics = kind == TaskKind.CONTRASTIVE_PAIRS
                ? List.of(Metric.RETRIEVAL_ACCURACY)
                : List.of(Metric.MLM_LOSS, Metric.PERPLEXITY, Metric.MLM_ACCURACY);
        return new TaskSpec(name, kind, List.of(), metrics, 128, description, licence);
    }

    /** Splits documents 80/20 by document, then builds examples and applies the caps. */
    static Task split(TaskSpec spec, List<TextDocument> documents, LoadOptions options, String source) throws DataFormatException {
        List<PretrainingExamples.Sourced> examples = new PretrainingExamples().examples(documents, spec.kind(), spec.maxSeqLength());
        Sampling.GroupSplit<PretrainingExamples.Sourced> split =
                Sampling.byGroup(examples, PretrainingExamples.Sourced::documentId, DEV_FRACTION, options.seed());
        if (split.train().isEmpty() || split.dev().isEmpty()) {
            throw new DataFormatException(source + ": too little text for a train and a dev split (" + examples.size()
                    + " examples from " + documents.size() + " documents)");
        }
        return Task.of(spec,
                Sampling.cap(split.train().stream().map(PretrainingExamples.Sourced::example).toList(), options.maxTrain(), options.seed()),
                Sampling.cap(split.dev().stream().map(PretrainingExamples.Sourced::example).toList(), options.maxDev(), options.seed()));
    }
}
