package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face {@code datasets} exports: to_json (JSON Lines), to_csv, to_parquet, with GLUE column names. */
class HuggingFaceExportTest {
    @TempDir
    Path folder;

    private final GlueLoader loader = new GlueLoader();

    @Test
    void jsonLinesExportOfRte() throws IOException {
        write("train.jsonl", """
                {"sentence1":"No Weapons of Mass Destruction Found in Iraq Yet.","sentence2":"Weapons of Mass Destruction Found in Iraq.","label":1,"idx":0}
                {"sentence1":"A place of sorrow became a place of celebration.","sentence2":"Pope Benedict XVI is the new leader.","label":0,"idx":1}
                """);
        write("validation.jsonl", """
                {"sentence1":"Dana Reeve has died.","sentence2":"Christopher Reeve had an accident.","label":1,"idx":0}
                """);
        Task rte = loader.load(GlueTask.RTE, folder, LoadOptions.uncapped());
        assertEquals(Example.pair("No Weapons of Mass Destruction Found in Iraq Yet.", "Weapons of Mass Destruction Found in Iraq.", 1),
                rte.train().get(0));
        assertEquals(1, rte.dev().size());
    }

    @Test
    void csvExportWithQuotedCommasAndNewlines() throws IOException {
        write("train.csv", "sentence,label,idx\n"
                + "\"a gorgeous, witty, seductive movie.\",1,0\n"
                + "\"it is \"\"not\"\" good,\nat all\",0,1\n");
        write("validation.csv", "sentence,label,idx\nfine,1,0\n");
        Task sst2 = loader.load(GlueTask.SST2, folder, LoadOptions.uncapped());
        assertEquals(Example.single("a gorgeous, witty, seductive movie.", 1), sst2.train().get(0));
        assertEquals(Example.single("it is \"not\" good,\nat all", 0), sst2.train().get(1));
    }

    @Test
    void csvRowWithWrongFieldCountNamesItsLine() throws IOException {
        write("train.csv", "sentence,label,idx\n\"multi\nline\",1,0\nshort row,1\n");
        write("validation.csv", "sentence,label,idx\nfine,1,0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.SST2, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.csv") + ":4: expected 3 fields as in the header [sentence, label, idx], found 2", e.getMessage());
    }

    @Test
    void parquetExportOfStsbAndMnliShards() throws IOException {
        MessageType stsb = MessageTypeParser.parseMessageType(
                "message stsb { required binary sentence1 (STRING); required binary sentence2 (STRING); required float label; required int32 idx; }");
        writeParquet(folder.resolve("train-00000-of-00001.parquet"), stsb,
                List.of(Map.of("sentence1", "A plane is taking off.", "sentence2", "An air plane is taking off.", "label", 5.0f, "idx", 0),
                        Map.of("sentence1", "A man is playing a flute.", "sentence2", "A man plays a flute.", "label", 3.75f, "idx", 1)));
        writeParquet(folder.resolve("validation-00000-of-00001.parquet"), stsb,
                List.of(Map.of("sentence1", "A man is dancing.", "sentence2", "A man dances.", "label", 4.5f, "idx", 0)));
        Task task = loader.load(GlueTask.STSB, folder, LoadOptions.uncapped());
        assertEquals(Example.regression("A man is playing a flute.", "A man plays a flute.", 3.75), task.train().get(1));
        assertEquals(4.5, task.dev().get(0).target(), 1e-6);
    }

    @Test
    void parquetWithIntegerLabelsForMnli() throws IOException {
        MessageType mnli = MessageTypeParser.parseMessageType(
                "message mnli { optional binary premise (STRING); optional binary hypothesis (STRING); optional int64 label; optional int64 idx; }");
        Map<String, Object> row = Map.of("premise", "The new rights are nice enough", "hypothesis", "Everyone likes them", "label", 1L, "idx", 0L);
        writeParquet(folder.resolve("train.parquet"), mnli, List.of(row));
        writeParquet(folder.resolve("validation_matched.parquet"), mnli, List.of(row));
        writeParquet(folder.resolve("validation_mismatched.parquet"), mnli, List.of(row));
        Task task = loader.load(GlueTask.MNLI, folder, LoadOptions.uncapped());
        assertEquals(Example.pair("The new rights are nice enough", "Everyone likes them", 1), task.train().get(0));
        assertEquals(1, task.split("dev_mismatched").size());
    }

    @Test
    void wrongColumnsAreNamed() throws IOException {
        write("train.jsonl", "{\"text\":\"hello\",\"label\":1}\n");
        write("validation.jsonl", "{\"text\":\"hello\",\"label\":1}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.RTE, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.jsonl") + ": expected columns [sentence1, sentence2, label], found columns [text, label]", e.getMessage());
    }

    @Test
    void badJsonLineIsNamed() throws IOException {
        write("train.jsonl", "{\"sentence\":\"ok\",\"label\":1}\n{\"sentence\":\"broken\",\n");
        write("validation.jsonl", "{\"sentence\":\"ok\",\"label\":1}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.SST2, folder, LoadOptions.uncapped()));
        assertTrue(e.getMessage().startsWith(folder.resolve("train.jsonl") + ":2: not valid JSON"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesRowAndField() throws IOException {
        write("train.jsonl", "{\"sentence\":\"ok\",\"label\":1}\n{\"sentence\":\"test row\",\"label\":-1}\n");
        write("validation.jsonl", "{\"sentence\":\"ok\",\"label\":1}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.SST2, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.jsonl") + ": line 2: field 'label' must be one of 0=negative, 1=positive, found '-1'", e.getMessage());
    }

    @Test
    void emptyExportIsAnError() throws IOException {
        write("train.jsonl", "\n");
        write("validation.jsonl", "{\"sentence\":\"ok\",\"label\":1}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(GlueTask.SST2, folder, LoadOptions.uncapped()));
        assertEquals(folder.resolve("train.jsonl") + ": no rows", e.getMessage());
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    static void writeParquet(Path file, MessageType schema, List<Map<String, Object>> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build()) {
            for (Map<String, Object> row : rows) {
                Group group = groups.newGroup();
                for (org.apache.parquet.schema.Type field : schema.getFields()) {
                    Object value = row.get(field.getName());
                    if (value instanceof String s) group.add(field.getName(), s);
                    else if (value instanceof Float f) group.add(field.getName(), f);
                    else if (value instanceof Long l) group.add(field.getName(), l);
                    else if (value instanceof Integer i) group.add(field.getName(), i);
                }
                writer.write(group);
            }
        }
    }
}
