package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import dev.headcount.engine.testing.SeededTries;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of broken safetensors files: random bytes, valid files truncated anywhere, valid headers with one field
 * mutated. Each either reads into tensors whose data agree with their shapes, or is refused with a
 * {@link ModelFormatException} naming the file; anything else (a NullPointerException, a NegativeArraySizeException,
 * an OutOfMemoryError from a lying length) fails the property. The inputs come from fixed seeds
 * ({@link SeededTries}): a failure prints its seed and input.
 */
@Tag("fuzz")
class SafeTensorsFuzzTest {
    private static final int TRIES = 2000;
    private static final Map<String, AtomicInteger> READ = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();
    private static Path folder;
    private static byte[] valid;

    @BeforeAll
    static void validFile() throws IOException {
        folder = Files.createTempDirectory("safetensors-fuzz");
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("bert.embeddings.word_embeddings.weight", new HostTensor(new long[] {3, 2}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("bert.pooler.dense.bias", new HostTensor(new long[] {2}, new float[] {-1, 0.5f}));
        tensors.put("scalar", new HostTensor(new long[] {}, new float[] {7}));
        Path file = folder.resolve("valid.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        valid = Files.readAllBytes(file);
    }

    @AfterAll
    static void report() throws IOException {
        // the README's "Bad files and events" table quotes these counts
        for (String kind : READ.keySet()) {
            System.out.printf("fuzz safetensors %-18s %5d tried: %5d read, %5d refused with ModelFormatException%n", kind,
                    READ.get(kind).get() + REFUSED.get(kind).get(), READ.get(kind).get(), REFUSED.get(kind).get());
        }
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(folder);
    }

    @Test
    void randomBytes() {
        SeededTries.run("random bytes", 0x51L, TRIES, r -> SeededTries.bytes(r, 300), SafeTensorsFuzzTest::describe,
                bytes -> check("random bytes", bytes));
    }

    @Test
    void randomHeaderBehindAPlausibleLength() {
        SeededTries.run("random header", 0x52L, TRIES, r -> {
            byte[] header = SeededTries.bytes(r, 200);
            int lie = SeededTries.between(r, -8, 8);
            return BadModelFilesTest.withLength(header.length + lie, header);
        }, SafeTensorsFuzzTest::describe, bytes -> check("random header", bytes));
    }

    @Test
    void truncations() {
        SeededTries.run("truncations", 0x53L, TRIES, r -> Arrays.copyOf(valid, r.nextInt(valid.length)),
                SafeTensorsFuzzTest::describe,
                bytes -> assertEquals(0, check("truncated", bytes), "a truncated file never reads"));
    }

    @Test
    void mutatedHeaders() {
        SeededTries.run("mutated headers", 0x54L, TRIES, SafeTensorsFuzzTest::mutation, Mutation::toString, mutation -> {
            String header = headerOf(valid);
            int at = header.indexOf(mutation.target());
            String mutated = at < 0 ? header : header.substring(0, at) + mutation.replacement()
                    + header.substring(at + mutation.target().length());
            byte[] h = mutated.getBytes(StandardCharsets.UTF_8);
            byte[] data = Arrays.copyOfRange(valid, 8 + header.getBytes(StandardCharsets.UTF_8).length, valid.length);
            byte[] file = BadModelFilesTest.withLength(h.length, h);
            byte[] whole = Arrays.copyOf(file, file.length + data.length);
            System.arraycopy(data, 0, whole, file.length, data.length);
            check("mutated header", whole);
        });
    }

    @Test
    void flippedBytes() {
        SeededTries.run("flipped bytes", 0x55L, TRIES, r -> {
            byte[] copy = valid.clone();
            copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
            return copy;
        }, SafeTensorsFuzzTest::describe, bytes -> check("flipped byte", bytes));
    }

    /** One token of a valid header replaced: a number by a lie, a key or bracket by junk. */
    record Mutation(String target, String replacement) {
    }

    private static final List<String> TARGETS = List.of("\"F32\"", "[3,2]", "[2]", "[]", "[0,24]", "[24,32]", "[32,36]",
            "\"shape\"", "\"dtype\"", "\"data_offsets\"", "{\"dtype\"", "},", "]}", "\"scalar\"", "3", "2", "0", "24",
            "\"__metadata__\"", "{\"format\":\"pt\"}");
    private static final List<String> LIES = List.of("-1", "9223372036854775807", "-9223372036854775808", "1e400", "1.5",
            "null", "true", "\"F16\"", "\"BF16\"", "\"I64\"", "\"BOOL\"", "\"F8_E4M3\"", "\"X\"", "[]", "{}", "[0]",
            "[0,0]", "[36,0]", "[4294967296,4294967296]", "[-3,2]", "[-3,-2]", "{\"a\":1}", "[24,-4]", "[\"3\",2]", "[[3],2]",
            "\"\"", "");

    private static Mutation mutation(Random random) {
        String target = SeededTries.pick(random, TARGETS);
        String replacement = switch (random.nextInt(3)) {
            case 0 -> String.valueOf(SeededTries.anyLong(random));
            case 1 -> SeededTries.pick(random, LIES);
            default -> SeededTries.string(random, 12);
        };
        return new Mutation(target, replacement);
    }

    /** Reads the bytes as a file: either consistent tensors or a clear refusal; returns the number of tensors read. */
    private static int check(String kind, byte[] bytes) {
        READ.computeIfAbsent(kind, k -> new AtomicInteger());
        REFUSED.computeIfAbsent(kind, k -> new AtomicInteger());
        Path file = folder.resolve("fuzz.safetensors");
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Map<String, SafeTensors.Entry> header = SafeTensors.header(file);
            formatInvariants(header, bytes);
            Map<String, HostTensor> tensors = SafeTensors.read(file);
            for (Map.Entry<String, HostTensor> t : tensors.entrySet()) {
                long elements = Arrays.stream(t.getValue().shape()).reduce(1, Math::multiplyExact);
                assertEquals(elements, t.getValue().data().length, "tensor " + t.getKey() + " agrees with its shape");
                assertTrue(header.get(t.getKey()).isFloating());
            }
            READ.get(kind).incrementAndGet();
            return tensors.size();
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(file + ": ") && e.getMessage().length() > file.toString().length() + 10,
                    "the refusal names the file and the problem: " + e.getMessage());
            REFUSED.get(kind).incrementAndGet();
            return 0;
        } catch (Throwable unexpected) {
            fail(kind + " input " + describe(bytes) + " threw " + unexpected, unexpected);
            return 0;
        }
    }

    /** What a header that was accepted must satisfy (the safetensors format's own rules), checked independently. */
    private static void formatInvariants(Map<String, SafeTensors.Entry> header, byte[] bytes) {
        long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        long dataSize = bytes.length - 8 - n;
        List<SafeTensors.Entry> entries = new java.util.ArrayList<>(header.values());
        for (SafeTensors.Entry e : entries) {
            assertTrue(Arrays.stream(e.shape()).allMatch(d -> d >= 0), e.name() + " has a negative dimension");
            assertTrue(0 <= e.begin() && e.begin() <= e.end() && e.end() <= dataSize, e.name() + " lies outside the data");
            int width = switch (e.dtype()) {
                case "F64", "I64", "U64" -> 8;
                case "F32", "I32", "U32" -> 4;
                case "F16", "BF16", "I16", "U16" -> 2;
                case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
                default -> fail(e.name() + " has an unknown dtype " + e.dtype());
            };
            long elements = Arrays.stream(e.shape()).reduce(1, Math::multiplyExact);
            assertEquals(elements * width, e.end() - e.begin(), e.name() + ": shape × dtype = byte range");
            for (SafeTensors.Entry other : entries) {
                boolean overlap = other != e && e.begin() < other.end() && other.begin() < e.end();
                assertTrue(!overlap, e.name() + " overlaps " + other.name());
            }
        }
    }

    private static String headerOf(byte[] file) {
        long n = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, (int) n, StandardCharsets.UTF_8);
    }

    private static String describe(byte[] bytes) {
        return bytes.length + " bytes " + new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
    }

    static List<String> kinds() {
        return List.copyOf(READ.keySet());
    }
}
