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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of generated task files (GLUE TSVs, CSV and JSON Lines exports): rows with random field counts, labels in
 * and outside the label set, numbers that are not, blank lines, byte-order marks, CRLF, quotes and bytes that are not
 * UTF-8. Each either reads into examples whose labels are in the label set, or is refused with a
 * {@link DataFormatException} naming the file (and, for a row's problem, its line); never another exception.
 */
class TaskFilesFuzzTest {
    private static final int TRIES = 2000;
    /** A row's problem is reported as {@code FILE:LINE: ...}; file-level ones as {@code FILE: ...}. */
    private static final Map<String, AtomicInteger> READ = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();
    private static Path folder;

    @BeforeContainer
    static void folder() throws IOException {
        folder = Files.createTempDirectory("task-files-fuzz");
    }

    @AfterContainer
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

    @Property(tries = TRIES)
    void glueTsv(@ForAll("glueTasks") GlueTask task, @ForAll("tsvFiles") byte[] content) {
        Path file = write("train.tsv", content);
        check("GLUE TSV", content, file, () -> {
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
    }

    @Property(tries = TRIES)
    void csvExport(@ForAll("csvFiles") byte[] content, @ForAll("kinds") TaskKind kind) {
        Path file = write("train.csv", content);
        check("CSV export", content, file, () -> loadExport(file, kind));
    }

    @Property(tries = TRIES)
    void jsonLinesExport(@ForAll("jsonlFiles") byte[] content, @ForAll("kinds") TaskKind kind) {
        Path file = write("train.jsonl", content);
        check("JSON Lines export", content, file, () -> loadExport(file, kind));
    }

    @Property(tries = TRIES)
    void randomBytes(@ForAll byte[] content, @ForAll("glueTasks") GlueTask task) {
        Path file = write("train.tsv", content);
        check("random bytes", content, file, () -> new GlueTsvReader(task).read(file));
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

    @Provide
    Arbitrary<GlueTask> glueTasks() {
        return Arbitraries.of(GlueTask.COLA, GlueTask.SST2, GlueTask.STSB, GlueTask.MNLI, GlueTask.RTE, GlueTask.MRPC);
    }

    @Provide
    Arbitrary<TaskKind> kinds() {
        return Arbitraries.of(TaskKind.values());
    }

    /** Field values: words, labels of several tasks, numbers (some not finite), quotes, and odd characters. */
    private static Arbitrary<String> fields() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "-1", "3.5", "NaN", "Infinity", "-Infinity", "1e400", "99999999999",
                        "0007", "entailment", "neutral", "contradiction", "not_entailment", "positive", "negative",
                        "acceptable", "*", "", " ", "\"", "\"quoted, with comma\"", "label", "sentence", "sentence1",
                        "sentence2", "score", "gold_label", "Quality", "#1 String", "#2 String", "text", "premise",
                        "hypothesis", "null", "{}", "[1]", "café", "\uFEFF", "\u00e9\u00e8", "\uD83D\uDE00"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(6));
    }

    /**
     * Text files mostly of the right shape, then broken: a header (sometimes), rows with the header's number of fields
     * (sometimes one more or fewer), labels of the task (sometimes not), blank lines, CRLF, and sometimes one byte
     * that is not UTF-8.
     */
    private static Arbitrary<byte[]> rowsJoinedBy(String separator, List<String> header) {
        int width = header.isEmpty() ? 4 : header.size();
        Arbitrary<Integer> fieldCount = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(width)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, width + 2)));
        Arbitrary<String> label = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of("0", "1", "entailment", "not_entailment", "neutral",
                        "contradiction", "positive", "negative", "3.5", "0.0")),
                net.jqwik.api.Tuple.of(1, fields()));
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '\'', '.', '"', '\u00e9')
                        .ofMinLength(1).ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, fields()));
        Arbitrary<String> row = fieldCount.flatMap(n -> Arbitraries.integers().between(0, Math.max(0, n - 1))
                .flatMap(labelAt -> text.list().ofSize(n).flatMap(texts -> label.map(l -> {
                    List<String> f = new java.util.ArrayList<>(texts);
                    if (!f.isEmpty()) {
                        // the label's column: the last but one for CoLA's headerless rows, else the header's
                        int column = header.isEmpty() ? Math.min(1, f.size() - 1)
                                : Math.min(f.size() - 1, Math.max(0, header.indexOf(header.stream()
                                        .filter(h -> h.contains("label") || h.equals("score") || h.equals("Quality"))
                                        .findFirst().orElse(header.get(header.size() - 1)))));
                        f.set(random(labelAt, column), l);
                    }
                    return String.join(separator, f);
                }))));
        Arbitrary<List<String>> rows = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, row), net.jqwik.api.Tuple.of(1, Arbitraries.just(""))).list().ofMaxSize(12);
        Arbitrary<String> newline = Arbitraries.of("\n", "\r\n");
        Arbitrary<Integer> latin1At = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(-1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 400)));
        Arbitrary<Boolean> bom = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just(false)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(true)));
        return net.jqwik.api.Combinators.combine(rows, newline, latin1At, bom).as((r, nl, at, withBom) -> {
            StringBuilder content = new StringBuilder(withBom ? "\uFEFF" : "");
            if (!header.isEmpty()) {
                content.append(String.join(separator, header)).append(nl);
            }
            for (String line : r) {
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
        });
    }

    /** The label's column, or (for the odd row that the generator chose so) another one. */
    private static int random(int pick, int column) {
        return pick % 5 == 0 ? pick : column;
    }

    @Provide
    Arbitrary<byte[]> tsvFiles() {
        return Arbitraries.oneOf(rowsJoinedBy("\t", List.of()), rowsJoinedBy("\t", List.of("sentence", "label")),
                rowsJoinedBy("\t", List.of("sentence1", "sentence2", "label")),
                rowsJoinedBy("\t", List.of("sentence1", "sentence2", "score")),
                rowsJoinedBy("\t", List.of("idx", "sentence1", "sentence2", "gold_label")),
                rowsJoinedBy("\t", List.of("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String")));
    }

    @Provide
    Arbitrary<byte[]> csvFiles() {
        return Arbitraries.oneOf(rowsJoinedBy(",", List.of("sentence", "label")),
                rowsJoinedBy(",", List.of("sentence1", "sentence2", "label")),
                rowsJoinedBy(",", List.of("text", "label", "idx")));
    }

    @Provide
    Arbitrary<byte[]> jsonlFiles() {
        Arbitrary<String> value = Arbitraries.oneOf(fields().map(TaskFilesFuzzTest::quoted),
                Arbitraries.of("0", "1", "2", "-1", "1.5", "1e400", "99999999999999999999", "null", "true", "[]", "{}"));
        Arbitrary<String> label = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.of("0", "1", "\"yes\"", "\"no\"")),
                net.jqwik.api.Tuple.of(1, value));
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(TaskFilesFuzzTest::quoted)),
                net.jqwik.api.Tuple.of(1, value));
        Arbitrary<String> extra = net.jqwik.api.Combinators.combine(Arbitraries.of("idx", "score", "label", "text", "premise"), value)
                .as((k, v) -> "," + quoted(k) + ":" + v);
        Arbitrary<String> object = net.jqwik.api.Combinators.combine(Arbitraries.of("sentence", "text", "sentence1"), text,
                        Arbitraries.of("sentence2", "hypothesis", "label"), text, label, extra.list().ofMaxSize(1))
                .as((k1, t1, k2, t2, l, more) -> "{" + quoted(k1) + ":" + t1 + "," + quoted(k2) + ":" + t2 + ",\"label\":" + l
                        + String.join("", more) + "}");
        Arbitrary<String> line = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, object),
                net.jqwik.api.Tuple.of(1, fields()));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Property(tries = 200)
    void latin1IsAlwaysRefusedWithItsLine(@ForAll("tsvFiles") byte[] content) {
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
    }
}
