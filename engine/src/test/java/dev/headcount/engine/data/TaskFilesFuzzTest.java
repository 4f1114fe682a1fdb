package dev.headcount.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import dev.headcount.engine.testing.SeededTries;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated task files (GLUE TSVs, CSV and JSON Lines exports): rows with random field counts, labels in
 * and outside the label set, numbers that are not, blank lines, byte-order marks, CRLF, quotes and bytes that are not
 * UTF-8. Each either reads into examples whose labels are in the label set, or is refused with a
 * {@link DataFormatException} naming the file (and, for a row's problem, its line); never another exception.
 * The inputs come from fixed seeds ({@link SeededTries}): a failure prints its seed and file.
 */
@Tag("fuzz")
class TaskFilesFuzzTest {
    private static final int TRIES = 2000;
    /** A row's problem is reported as {@code FILE:LINE: ...}; file-level ones as {@code FILE: ...}. */
    private static final Map<String, AtomicInteger> READ = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();
    private static Path folder;

    @BeforeAll
    static void folder() throws IOException {
        folder = Files.createTempDirectory("task-files-fuzz");
    }

    @AfterAll
    static void report() throws IOException {
        // the README's "Bad files and events" table quotes these counts
        for (String kind : READ.keySet()) {
            System.out.printf("fuzz task files %-16s %5d tried: %5d read, %5d refused with DataFormatException%n", kind,
                    READ.get(kind).get() + REFUSED.get(kind).get(), READ.get(kind).get(), REFUSED.get(kind).get());
        }
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(folder);
    }

    /** A generated file and what reads it. */
    record Input(byte[] content, GlueTask task, TaskKind kind) {
        @Override
        public String toString() {
            return (task != null ? task + " " : "") + (kind != null ? kind + " " : "") + content.length + " bytes:\n"
                    + new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void glueTsv() {
        SeededTries.run("GLUE TSV", 0xD1L, TRIES, r -> new Input(tsvFile(r), glueTask(r), null), Input::toString, in -> {
            GlueTask task = in.task();
            Path file = write("train.tsv", in.content());
            check("GLUE TSV", in.content(), file, () -> {
                List<Example> examples = new GlueTsvReader(task).read(file);
                assertFalse(examples.isEmpty(), "an empty split is refused, never returned");
                for (Example e : examples) {
                    if (task.kind() == TaskKind.REGRESSION) {
                        assertTrue(Double.isFinite(e.target()), "a regression target is finite");
                    } else {
                        assertTrue(e.label() >= 0 && e.label() < task.labelSet().names().size(), "label in the label set");
                    }
                }
            });
        });
    }

    @Test
    void csvExport() {
        SeededTries.run("CSV export", 0xD2L, TRIES, r -> new Input(csvFile(r), null, kind(r)), Input::toString, in -> {
            Path file = write("train.csv", in.content());
            check("CSV export", in.content(), file, () -> loadExport(file, in.kind()));
        });
    }

    @Test
    void jsonLinesExport() {
        SeededTries.run("JSON Lines export", 0xD3L, TRIES, r -> new Input(jsonlFile(r), null, kind(r)), Input::toString,
                in -> {
                    Path file = write("train.jsonl", in.content());
                    check("JSON Lines export", in.content(), file, () -> loadExport(file, in.kind()));
                });
    }

    @Test
    void randomBytes() {
        SeededTries.run("random bytes", 0xD4L, TRIES, r -> new Input(SeededTries.bytes(r, 255), glueTask(r), null),
                Input::toString, in -> {
                    Path file = write("train.tsv", in.content());
                    check("random bytes", in.content(), file, () -> new GlueTsvReader(in.task()).read(file));
                });
    }

    private static void loadExport(Path file, TaskKind kind) throws IOException {
        Task task = new FileTaskLoader().loadExport("fuzz", List.of(file), List.of(), kind, Map.of(), LoadOptions.uncapped());
        int classes = task.spec().labels().size();
        for (List<Example> split : task.splits().values()) {
            assertFalse(split.isEmpty(), "an empty split is refused, never returned");
            for (Example e : split) {
                assertTrue(!kind.isClassification() || (e.label() >= 0 && e.label() < classes), "label in the label set");
                assertTrue(kind != TaskKind.REGRESSION || Double.isFinite(e.target()), "a regression target is finite");
            }
        }
    }

    @FunctionalInterface
    interface Read {
        void run() throws IOException;
    }

    private static void check(String kind, byte[] content, Path file, Read read) {
        READ.computeIfAbsent(kind, k -> new AtomicInteger());
        REFUSED.computeIfAbsent(kind, k -> new AtomicInteger());
        try {
            read.run();
            READ.get(kind).incrementAndGet();
        } catch (DataFormatException e) {
            String message = e.getMessage();
            assertTrue(message != null && Pattern.compile(Pattern.quote(file.toString()) + "(:\\d+)?: \\S.*", Pattern.DOTALL)
                    .matcher(message).matches(), "the refusal names the file (and line) and the problem: " + message);
            if (message.contains("not UTF-8")) {
                assertTrue(message.matches("(?s).*:\\d+: not UTF-8: byte offset \\d+ holds 0x.*"), message);
            }
            REFUSED.get(kind).incrementAndGet();
        } catch (Throwable unexpected) {
            fail(kind + " input threw " + unexpected + " on:\n" + new String(content, StandardCharsets.ISO_8859_1), unexpected);
        }
    }

    private static Path write(String name, byte[] content) {
        Path file = folder.resolve(name);
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static GlueTask glueTask(Random random) {
        return SeededTries.pick(random, List.of(GlueTask.COLA, GlueTask.SST2, GlueTask.STSB, GlueTask.MNLI, GlueTask.RTE,
                GlueTask.MRPC));
    }

    private static TaskKind kind(Random random) {
        return SeededTries.pick(random, List.of(TaskKind.values()));
    }

    /** True with probability {@code weight / (weight + 1)}: a row of the right shape against the odd one. */
    private static boolean mostly(Random random, int weight) {
        return random.nextInt(weight + 1) < weight;
    }

    private static final List<String> ODD_FIELDS = List.of("0", "1", "2", "-1", "3.5", "NaN", "Infinity", "-Infinity",
            "1e400", "99999999999", "0007", "entailment", "neutral", "contradiction", "not_entailment", "positive",
            "negative", "acceptable", "*", "", " ", "\"", "\"quoted, with comma\"", "label", "sentence", "sentence1",
            "sentence2", "score", "gold_label", "Quality", "#1 String", "#2 String", "text", "premise", "hypothesis",
            "null", "{}", "[1]", "café", "\uFEFF", "\u00e9\u00e8", "\uD83D\uDE00");
    private static final List<String> LABELS = List.of("0", "1", "entailment", "not_entailment", "neutral",
            "contradiction", "positive", "negative", "3.5", "0.0");

    /** Field values: words, labels of several tasks, numbers (some not finite), quotes, and odd characters. */
    private static String field(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> SeededTries.pick(random, ODD_FIELDS);
            case 1 -> SeededTries.string(random, ' ', '~', 0, 8);
            default -> SeededTries.string(random, 6);
        };
    }

    /** Mostly lower-case words with the odd quote and accent. */
    private static String word(Random random) {
        String chars = "abcdefghijklmnopqrstuvwxyz '.\"\u00e9";
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + SeededTries.length(random, 11); i < n; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }

    /**
     * Text files mostly of the right shape, then broken: a header (sometimes), rows with the header's number of fields
     * (sometimes one more or fewer), labels of the task (sometimes not), blank lines, CRLF, and sometimes one byte
     * that is not UTF-8.
     */
    private static byte[] rowsJoinedBy(Random random, String separator, List<String> header) {
        int width = header.isEmpty() ? 4 : header.size();
        List<String> rows = new ArrayList<>();
        for (int r = 0, count = SeededTries.length(random, 12); r < count; r++) {
            if (!mostly(random, 8)) {
                rows.add("");
                continue;
            }
            int n = mostly(random, 8) ? width : SeededTries.between(random, 0, width + 2);
            int labelAt = SeededTries.between(random, 0, Math.max(0, n - 1));
            List<String> f = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                f.add(mostly(random, 6) ? word(random) : field(random));
            }
            String label = mostly(random, 6) ? SeededTries.pick(random, LABELS) : field(random);
            if (!f.isEmpty()) {
                // the label's column: the last but one for CoLA's headerless rows, else the header's
                int column = header.isEmpty() ? Math.min(1, f.size() - 1)
                        : Math.min(f.size() - 1, Math.max(0, header.indexOf(header.stream()
                                .filter(h -> h.contains("label") || h.equals("score") || h.equals("Quality"))
                                .findFirst().orElse(header.get(header.size() - 1)))));
                f.set(random(labelAt, column), label);
            }
            rows.add(String.join(separator, f));
        }
        String nl = random.nextBoolean() ? "\n" : "\r\n";
        int at = mostly(random, 6) ? -1 : SeededTries.between(random, 0, 400);
        boolean withBom = !mostly(random, 8);
        StringBuilder content = new StringBuilder(withBom ? "\uFEFF" : "");
        if (!header.isEmpty()) {
            content.append(String.join(separator, header)).append(nl);
        }
        for (String line : rows) {
            content.append(line).append(nl);
        }
        byte[] utf8 = content.toString().getBytes(StandardCharsets.UTF_8);
        if (at < 0 || utf8.length == 0) {
            return utf8;
        }
        // a Latin-1 "é" between two characters: the file is no longer UTF-8
        String before = content.substring(0, at % (content.length() + 1));
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head, 0, head.length);
        out.write(0xE9);
        out.write(utf8, head.length, utf8.length - head.length);
        return out.toByteArray();
    }

    /** The label's column, or (for the odd row that the generator chose so) another one. */
    private static int random(int pick, int column) {
        return pick % 5 == 0 ? pick : column;
    }

    private static final List<List<String>> TSV_HEADERS = List.of(List.of(), List.of("sentence", "label"),
            List.of("sentence1", "sentence2", "label"), List.of("sentence1", "sentence2", "score"),
            List.of("idx", "sentence1", "sentence2", "gold_label"),
            List.of("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"));
    private static final List<List<String>> CSV_HEADERS = List.of(List.of("sentence", "label"),
            List.of("sentence1", "sentence2", "label"), List.of("text", "label", "idx"));

    private static byte[] tsvFile(Random random) {
        return rowsJoinedBy(random, "\t", SeededTries.pick(random, TSV_HEADERS));
    }

    private static byte[] csvFile(Random random) {
        return rowsJoinedBy(random, ",", SeededTries.pick(random, CSV_HEADERS));
    }

    private static String jsonValue(Random random) {
        return random.nextBoolean() ? quoted(field(random)) : SeededTries.pick(random, List.of("0", "1", "2", "-1", "1.5",
                "1e400", "99999999999999999999", "null", "true", "[]", "{}"));
    }

    private static byte[] jsonlFile(Random random) {
        List<String> lines = new ArrayList<>();
        for (int i = 0, n = SeededTries.length(random, 12); i < n; i++) {
            if (!mostly(random, 12)) {
                lines.add(field(random));
                continue;
            }
            String k1 = SeededTries.pick(random, List.of("sentence", "text", "sentence1"));
            String t1 = jsonText(random);
            String k2 = SeededTries.pick(random, List.of("sentence2", "hypothesis", "label"));
            String t2 = jsonText(random);
            String label = mostly(random, 6) ? SeededTries.pick(random, List.of("0", "1", "\"yes\"", "\"no\""))
                    : jsonValue(random);
            String extra = random.nextBoolean() ? "" : "," + quoted(SeededTries.pick(random,
                    List.of("idx", "score", "label", "text", "premise"))) + ":" + jsonValue(random);
            lines.add("{" + quoted(k1) + ":" + t1 + "," + quoted(k2) + ":" + t2 + ",\"label\":" + label + extra + "}");
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonText(Random random) {
        if (!mostly(random, 6)) {
            return jsonValue(random);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + SeededTries.length(random, 9); i < n; i++) {
            int c = random.nextInt(52);
            b.append((char) (c < 26 ? 'a' + c : 'A' + c - 26));
        }
        return quoted(b.toString());
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void latin1IsAlwaysRefusedWithItsLine() {
        SeededTries.run("Latin-1 refused", 0xD5L, 200, r -> new Input(tsvFile(r), GlueTask.SST2, null), Input::toString,
                in -> {
                    byte[] content = in.content();
                    // the generator's one inserted 0xE9 is never valid UTF-8 after ASCII or a whole character
                    boolean hasLatin1 = new String(content, StandardCharsets.UTF_8).contains("\uFFFD");
                    Path file = write("dev.tsv", content);
                    try {
                        new GlueTsvReader(GlueTask.SST2).read(file);
                        assertFalse(hasLatin1, "a file that is not UTF-8 was read");
                    } catch (DataFormatException e) {
                        if (hasLatin1 && !e.getMessage().contains("not UTF-8")) {
                            fail("not refused for its encoding first: " + e.getMessage());
                        }
                    } catch (IOException e) {
                        fail(e);
                    }
                    assertEquals(file, folder.resolve("dev.tsv"));
                });
    }
}
