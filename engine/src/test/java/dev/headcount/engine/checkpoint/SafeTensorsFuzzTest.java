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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of broken safetensors files: random bytes, valid files truncated anywhere, valid headers with one field
 * mutated. Each either reads into tensors whose data agree with their shapes, or is refused with a
 * {@link ModelFormatException} naming the file; anything else (a NullPointerException, a NegativeArraySizeException,
 * an OutOfMemoryError from a lying length) fails the property.
 */
class SafeTensorsFuzzTest {
    private static final int TRIES = 2000;
    private static final Map<String, AtomicInteger> READ = new LinkedHashMap<>();
    private static final Map<String, AtomicInteger> REFUSED = new LinkedHashMap<>();
    private static Path folder;
    private static byte[] valid;

    @BeforeContainer
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

    @AfterContainer
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

    @Property(tries = TRIES)
    void randomBytes(@ForAll @Size(max = 300) byte[] bytes) {
        check("random bytes", bytes);
    }

    @Property(tries = TRIES)
    void randomHeaderBehindAPlausibleLength(@ForAll @Size(max = 200) byte[] header, @ForAll @IntRange(min = -8, max = 8) int lie) {
        check("random header", BadModelFilesTest.withLength(header.length + lie, header));
    }

    @Property(tries = TRIES)
    void truncations(@ForAll @IntRange(min = 0, max = 100_000) int cut) {
        int length = cut % valid.length;
        assertEquals(0, check("truncated", Arrays.copyOf(valid, length)), "a truncated file never reads");
    }

    @Property(tries = TRIES)
    void mutatedHeaders(@ForAll("mutations") Mutation mutation) {
        String header = headerOf(valid);
        int at = header.indexOf(mutation.target());
        String mutated = at < 0 ? header : header.substring(0, at) + mutation.replacement()
                + header.substring(at + mutation.target().length());
        byte[] h = mutated.getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(valid, 8 + headerOf(valid).getBytes(StandardCharsets.UTF_8).length, valid.length);
        byte[] file = BadModelFilesTest.withLength(h.length, h);
        byte[] whole = Arrays.copyOf(file, file.length + data.length);
        System.arraycopy(data, 0, whole, file.length, data.length);
        check("mutated header", whole);
    }

    @Property(tries = TRIES)
    void flippedBytes(@ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll byte value) {
        byte[] copy = valid.clone();
        copy[position % copy.length] = value;
        check("flipped byte", copy);
    }

    /** One token of a valid header replaced: a number by a lie, a key or bracket by junk. */
    record Mutation(String target, String replacement) {
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<String> targets = Arbitraries.of("\"F32\"", "[3,2]", "[2]", "[]", "[0,24]", "[24,32]", "[32,36]",
                "\"shape\"", "\"dtype\"", "\"data_offsets\"", "{\"dtype\"", "},", "]}", "\"scalar\"", "3", "2", "0", "24",
                "\"__metadata__\"", "{\"format\":\"pt\"}");
        Arbitrary<String> replacements = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("-1", "9223372036854775807", "-9223372036854775808", "1e400", "1.5", "null", "true",
                        "\"F16\"", "\"BF16\"", "\"I64\"", "\"BOOL\"", "\"F8_E4M3\"", "\"X\"", "[]", "{}", "[0]",
                        "[0,0]", "[36,0]", "[4294967296,4294967296]", "[-3,2]", "[-3,-2]", "{\"a\":1}", "[24,-4]", "[\"3\",2]", "[[3],2]", "\"\"", ""),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(targets, replacements).as(Mutation::new);
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
