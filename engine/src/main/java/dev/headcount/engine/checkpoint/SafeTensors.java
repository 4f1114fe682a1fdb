package dev.headcount.engine.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}}), then raw little-endian tensor bytes.
 *
 * <p>Floating tensors (F32, F16, BF16, F64) are read as float32; integer buffers such as
 * {@code position_ids} are listed but not converted. Writing always uses F32.
 *
 * <p>A header that does not describe the file (a truncated download, offsets beyond the data or overlapping, a shape
 * whose size disagrees with its byte range, a length beyond the file, not JSON) is a {@link ModelFormatException}
 * naming the file and the tensor, thrown before any tensor is read.
 */
public final class SafeTensors {

    /** One tensor's entry in the header. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public boolean isFloating() {
            return switch (dtype) {
                case "F32", "F16", "BF16", "F64" -> true;
                default -> false;
            };
        }
    }

    // a tensor named twice is a header that lies about one of them
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** Reads every floating tensor of a file; integer buffers are skipped. */
    public static Map<String, HostTensor> read(Path file) throws IOException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long dataStart = 8 + headerLength(channel, file);
            for (Entry e : entries(channel, file).values()) {
                if (e.isFloating()) {
                    out.put(e.name(), readTensor(channel, file, dataStart, e));
                }
            }
        }
        return out;
    }

    /** The header entries, in file order, without reading tensor data. */
    public static Map<String, Entry> header(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return entries(channel, file);
        }
    }

    private static long headerLength(FileChannel channel, Path file) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, len, 0);
        if (len.hasRemaining()) {
            throw new ModelFormatException(file + ": not a safetensors file (" + channel.size()
                    + " bytes, shorter than its 8-byte header length)");
        }
        long n = len.getLong(0);
        // checked before anything is allocated: a lying length must not become a huge buffer
        if (n <= 0 || n > MAX_HEADER || n > channel.size() - 8) {
            throw new ModelFormatException(file + ": not a safetensors file (header length " + n + " for a file of "
                    + channel.size() + " bytes" + (n > MAX_HEADER ? ", and at most " + MAX_HEADER + " is read" : "")
                    + "; a truncated download?)");
        }
        return n;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) < 0) {
                return;
            }
        }
    }

    private static Map<String, Entry> entries(FileChannel channel, Path file) throws IOException {
        long n = headerLength(channel, file);
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(channel, headerBytes, 8);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFormatException(file + ": safetensors header is not valid JSON: "
                    + firstLine(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelFormatException(file + ": safetensors header is not a JSON object of tensors but "
                    + (header == null ? "empty" : header.getNodeType()));
        }
        long dataSize = channel.size() - 8 - n;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            Entry e = entry(file, f.getKey(), f.getValue(), dataSize);
            entries.put(e.name(), e);
        }
        checkNoOverlap(file, entries.values());
        return entries;
    }

    /** One header entry, checked against the format: a known dtype, a shape and offsets that agree, in the file. */
    private static Entry entry(Path file, String name, JsonNode t, long dataSize) throws ModelFormatException {
        String where = file + ": tensor '" + name + "'";
        JsonNode dtypeNode = t.get("dtype");
        JsonNode shapeNode = t.get("shape");
        JsonNode offsets = t.get("data_offsets");
        if (!t.isObject() || dtypeNode == null || shapeNode == null || offsets == null) {
            throw new ModelFormatException(where + " lacks dtype, shape or data_offsets in the safetensors header");
        }
        if (!dtypeNode.isTextual() || bytesPerElement(dtypeNode.textValue()) == 0) {
            throw new ModelFormatException(where + " has unknown dtype " + dtypeNode
                    + " (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL, F8_E4M3, F8_E5M2)");
        }
        String dtype = dtypeNode.textValue();
        if (!shapeNode.isArray()) {
            throw new ModelFormatException(where + " has shape " + shapeNode + ", not an array of dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new ModelFormatException(where + " has shape " + shapeNode + ": dimension " + i
                        + " is not a non-negative integer");
            }
            shape[i] = d.longValue();
        }
        if (!offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber() || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong()) {
            throw new ModelFormatException(where + " has data_offsets " + offsets + ", not [begin, end] in bytes");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new ModelFormatException(where + " has data_offsets [" + begin + ", " + end
                    + "]: begin must be >= 0 and end >= begin");
        }
        if (end > dataSize) {
            throw new ModelFormatException(where + " has data_offsets [" + begin + ", " + end + "] beyond the "
                    + dataSize + " bytes of tensor data in the file (a truncated file?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(elementCount(shape), bytesPerElement(dtype));
        } catch (ArithmeticException overflow) {
            expected = -1;
        }
        if (expected != end - begin) {
            throw new ModelFormatException(where + " is " + dtype + " " + Arrays.toString(shape) + ", which takes "
                    + (expected < 0 ? "more than 2^63" : expected) + " bytes, but its data_offsets [" + begin + ", "
                    + end + "] span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Two tensors may not share bytes: one of them would be read from the other's data. */
    private static void checkNoOverlap(Path file, java.util.Collection<Entry> entries) throws ModelFormatException {
        List<Entry> byBegin = new ArrayList<>(entries);
        byBegin.removeIf(e -> e.begin() == e.end());
        byBegin.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byBegin.size(); i++) {
            Entry a = byBegin.get(i - 1);
            Entry b = byBegin.get(i);
            if (b.begin() < a.end()) {
                throw new ModelFormatException(file + ": tensors '" + a.name() + "' [" + a.begin() + ", " + a.end()
                        + "] and '" + b.name() + "' [" + b.begin() + ", " + b.end() + "] overlap in the safetensors data");
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static HostTensor readTensor(FileChannel channel, Path file, long dataStart, Entry e) throws IOException {
        long bytes = e.end() - e.begin();
        if (bytes > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": tensor '" + e.name() + "' is larger than 2 GiB");
        }
        ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), bytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) elementCount(e.shape());
        float[] data = new float[n];
        switch (e.dtype()) {
            case "F32" -> buf.asFloatBuffer().get(data);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = (float) buf.getDouble(i * 8);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = halfToFloat(buf.getShort(i * 2));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = Float.intBitsToFloat((buf.getShort(i * 2) & 0xffff) << 16);
                }
            }
            default -> throw new ModelFormatException(file + ": tensor '" + e.name() + "' has unsupported dtype " + e.dtype());
        }
        return new HostTensor(e.shape(), data);
    }

    /** Writes tensors as F32 with optional string metadata; replaces the file atomically. */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> t : tensors.entrySet()) {
            ObjectNode entry = header.putObject(t.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : t.getValue().shape()) {
                shape.add(d);
            }
            long size = t.getValue().size() * 4L;
            entry.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (headerBytes.length + 7) / 8 * 8; // keeps tensor data 8-byte aligned
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
            out.write(len.array());
            out.write(headerBytes);
            for (int i = headerBytes.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (HostTensor t : tensors.values()) {
                for (float v : t.data()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant / 1024f / 16384f; // 2^-14 * mant/2^10
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** @throws ArithmeticException when the product overflows a long (a lying shape) */
    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }
}
