package dev.headcount.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headcount.engine.checkpoint.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test-only safetensors writer (F32, F16, BF16 floating tensors and I64 buffers) and an
 * independent reader, so fixtures do not depend on the production {@code SafeTensors} they check.
 */
public final class FixtureSafeTensors {

    /** An integer tensor such as {@code embeddings.position_ids}. */
    public record LongTensor(long[] shape, long[] data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureSafeTensors() {
    }

    /**
     * Writes {@code floats} in {@code dtype} (each value must already be representable in it, see
     * {@link FloatDtype#round}) and {@code longs} as I64, in map order, with transformers' metadata.
     */
    public static void write(Path file, Map<String, HostTensor> floats, FloatDtype dtype,
            Map<String, LongTensor> longs) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, HostTensor> t : floats.entrySet()) {
            offset = putEntry(header, t.getKey(), dtype.name(), t.getValue().shape(),
                    offset, t.getValue().size() * dtype.bytesPerElement());
        }
        for (Map.Entry<String, LongTensor> t : longs.entrySet()) {
            offset = putEntry(header, t.getKey(), "I64", t.getValue().shape(), offset, t.getValue().data().length * 8L);
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int paddedLength = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + paddedLength + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(paddedLength).put(headerBytes);
        for (int i = headerBytes.length; i < paddedLength; i++) {
            out.put((byte) ' ');
        }
        for (HostTensor t : floats.values()) {
            for (float v : t.data()) {
                if (dtype.round(v) != v && !Float.isNaN(v)) {
                    throw new IllegalArgumentException(v + " is not representable in " + dtype + "; round it first");
                }
                switch (dtype) {
                    case F32 -> out.putFloat(v);
                    case F16 -> out.putShort(HalfPrecision.floatToHalfBits(v));
                    case BF16 -> out.putShort(HalfPrecision.floatToBfloat16Bits(v));
                }
            }
        }
        for (LongTensor t : longs.values()) {
            for (long v : t.data()) {
                out.putLong(v);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.array());
    }

    private static long putEntry(ObjectNode header, String name, String dtype, long[] shape, long begin, long bytes) {
        ObjectNode entry = header.putObject(name);
        entry.put("dtype", dtype);
        var shapeArray = entry.putArray("shape");
        for (long d : shape) {
            shapeArray.add(d);
        }
        entry.putArray("data_offsets").add(begin).add(begin + bytes);
        return begin + bytes;
    }

    /** The dtype of every tensor, in header order. */
    public static Map<String, String> dtypes(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        header(Files.readAllBytes(file)).fields().forEachRemaining(f -> {
            if (!f.getKey().equals("__metadata__")) {
                out.put(f.getKey(), f.getValue().get("dtype").asText());
            }
        });
        return out;
    }

    /** Decodes every floating tensor to float32. */
    public static Map<String, HostTensor> readFloats(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode header = header(bytes);
        long dataStart = 8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String dtype = f.getValue().path("dtype").asText();
            if (f.getKey().equals("__metadata__") || dtype.equals("I64")) {
                continue;
            }
            long[] shape = shape(f.getValue());
            ByteBuffer data = slice(bytes, dataStart, f.getValue());
            float[] values = new float[Math.toIntExact(count(shape))];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (FloatDtype.valueOf(dtype)) {
                    case F32 -> data.getFloat(i * 4);
                    case F16 -> HalfPrecision.halfBitsToFloat(data.getShort(i * 2));
                    case BF16 -> HalfPrecision.bfloat16BitsToFloat(data.getShort(i * 2));
                };
            }
            out.put(f.getKey(), new HostTensor(shape, values));
        }
        return out;
    }

    /** Reads the I64 tensors. */
    public static Map<String, LongTensor> readLongs(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode header = header(bytes);
        long dataStart = 8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Map<String, LongTensor> out = new LinkedHashMap<>();
        header.fields().forEachRemaining(f -> {
            if (f.getValue().path("dtype").asText().equals("I64")) {
                long[] shape = shape(f.getValue());
                ByteBuffer data = slice(bytes, dataStart, f.getValue());
                long[] values = new long[Math.toIntExact(count(shape))];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.getLong(i * 8);
                }
                out.put(f.getKey(), new LongTensor(shape, values));
            }
        });
        return out;
    }

    private static JsonNode header(byte[] bytes) throws IOException {
        long length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return JSON.readTree(new String(bytes, 8, Math.toIntExact(length), StandardCharsets.UTF_8));
    }

    private static ByteBuffer slice(byte[] bytes, long dataStart, JsonNode entry) {
        long begin = entry.get("data_offsets").get(0).asLong();
        long end = entry.get("data_offsets").get(1).asLong();
        return ByteBuffer.wrap(bytes, Math.toIntExact(dataStart + begin), Math.toIntExact(end - begin))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long[] shape(JsonNode entry) {
        JsonNode node = entry.get("shape");
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
