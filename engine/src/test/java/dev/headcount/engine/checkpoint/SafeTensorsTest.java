package dev.headcount.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    private static final float MIN_SUBNORMAL_HALF = (float) Math.pow(2, -24);

    @Test
    void decodesHalfPrecisionBitPatterns() {
        assertEquals(1.0f, SafeTensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, SafeTensors.halfToFloat((short) 0xC000));
        assertEquals(0.333251953125f, SafeTensors.halfToFloat((short) 0x3555));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7BFF));
        assertEquals(MIN_SUBNORMAL_HALF, SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(1023 * MIN_SUBNORMAL_HALF, SafeTensors.halfToFloat((short) 0x03FF), "largest subnormal");
        assertEquals((float) Math.pow(2, -14), SafeTensors.halfToFloat((short) 0x0400), "smallest normal");
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, SafeTensors.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(SafeTensors.halfToFloat((short) 0x8000)));
    }

    @Test
    void readsF16AndBf16Files(@TempDir Path dir) throws IOException {
        short[] half = {0x3C00, (short) 0xC000, 0x3555, 0x0001, 0x7C00};
        short[] bf16 = {0x3F80, (short) 0xC000, 0x3EAB, 0x0001, 0x7F80};
        Path file = dir.resolve("half.safetensors");
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[10,20]},"
                + "\"position_ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[20,28]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 28).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (short s : half) {
            buf.putShort(s);
        }
        for (short s : bf16) {
            buf.putShort(s);
        }
        buf.putLong(7);
        Files.write(file, buf.array());

        Map<String, HostTensor> read = SafeTensors.read(file);
        assertEquals(2, read.size(), "integer buffers are skipped");
        assertArrayEquals(new float[] {1f, -2f, 0.333251953125f, MIN_SUBNORMAL_HALF, Float.POSITIVE_INFINITY},
                read.get("h").data());
        float[] b = read.get("b").data();
        assertEquals(1f, b[0]);
        assertEquals(-2f, b[1]);
        assertEquals(0.333984375f, b[2]);
        assertEquals(Float.intBitsToFloat(0x00010000), b[3], "bf16 subnormal");
        assertEquals(Float.POSITIVE_INFINITY, b[4]);
    }

    @Test
    void writeThenReadRoundTrips(@TempDir Path dir) throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", new HostTensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 1e30f, -0f}));
        tensors.put("a.bias", new HostTensor(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}));
        tensors.put("scalar", new HostTensor(new long[] {}, new float[] {42f}));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));

        Map<String, HostTensor> read = SafeTensors.read(file);
        assertEquals(tensors.keySet(), read.keySet());
        for (String name : tensors.keySet()) {
            assertArrayEquals(tensors.get(name).shape(), read.get(name).shape(), name);
            assertArrayEquals(tensors.get(name).data(), read.get(name).data(), name);
        }
        assertEquals("F32", SafeTensors.header(file).get("a.weight").dtype());
    }
}
