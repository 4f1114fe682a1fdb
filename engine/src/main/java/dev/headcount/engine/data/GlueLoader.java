package dev.headcount.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads a GLUE task from a folder holding either the distributed TSVs ({@code train.tsv},
 * {@code dev.tsv}; MNLI {@code dev_matched.tsv}, {@code dev_mismatched.tsv}) or a Hugging Face
 * export ({@code train.jsonl|csv|parquet}, {@code validation.*}, also sharded
 * {@code train-00000-of-00001.parquet}; MNLI {@code validation_matched.*}).
 */
public final class GlueLoader {
    public Task load(GlueTask glue, Path folder, LoadOptions options) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DataFormatException(folder + ": not a folder; expected the " + glue.id().toUpperCase() + " folder with train and dev files");
        }
        Map<String, List<Example>> splits = new LinkedHashMap<>();
        if (Files.exists(folder.resolve("train.tsv"))) {
            GlueTsvReader reader = new GlueTsvReader(glue);
            splits.put(Task.TRAIN, reader.read(folder.resolve("train.tsv")));
            for (Map.Entry<String, String> dev : sortedDevFiles(glue)) {
                splits.put(dev.getValue(), reader.read(requireFile(folder, dev.getKey() + ".tsv")));
            }
        } else {
            ExportFileReader reader = new ExportFileReader();
            splits.put(Task.TRAIN, exportSplit(glue, reader, findExport(folder, "train")
                    .orElseThrow(() -> new DataFormatException(folder + ": no train.tsv and no Hugging Face export train.(jsonl|csv|parquet)"))));
            for (Map.Entry<String, String> dev : sortedDevFiles(glue)) {
                String hfStem = dev.getKey().replace("dev", "validation");
                Optional<List<Path>> found = findExport(folder, hfStem);
                if (found.isEmpty()) found = findExport(folder, dev.getKey());
                List<Path> file = found.orElseThrow(() -> new DataFormatException(folder + ": no " + hfStem + ".(jsonl|csv|parquet) for the " + dev.getValue() + " split"));
                splits.put(dev.getValue(), exportSplit(glue, reader, file));
            }
        }
        Map<String, List<Example>> capped = new LinkedHashMap<>();
        splits.forEach((name, examples) -> capped.put(name, Sampling.cap(examples, options.capFor(name), options.seed())));
        return new Task(glue.spec(), capped);
    }

    private static List<Map.Entry<String, String>> sortedDevFiles(GlueTask glue) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(glue.devFiles().entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }

    private static List<Example> exportSplit(GlueTask glue, ExportFileReader reader, List<Path> shards) throws IOException {
        RowTable table = reader.readShards(shards);
        ColumnMapping mapping = ColumnMapping.require(table, glue.exportTextColumns(), "label");
        return mapping.examples(table, glue.kind(), glue.labelSet());
    }

    private static Path requireFile(Path folder, String name) throws DataFormatException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(folder + ": missing " + name);
        }
        return file;
    }

    /** {@code stem.ext}, or the shards {@code stem-00000-of-0000N.parquet} in order (read as one table). */
    static Optional<List<Path>> findExport(Path folder, String stem) throws IOException {
        for (String ext : List.of(".jsonl", ".json", ".csv", ".parquet")) {
            Path file = folder.resolve(stem + ext);
            if (Files.isRegularFile(file)) return Optional.of(List.of(file));
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> shards = files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(stem) + "-\\d+-of-\\d+\\.parquet"))
                    .sorted().toList();
            return shards.isEmpty() ? Optional.empty() : Optional.of(shards);
        }
    }
}
