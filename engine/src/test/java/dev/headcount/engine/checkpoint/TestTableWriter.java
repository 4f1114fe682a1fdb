package dev.headcount.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32C;

/** Writes small LevelDB-format tables and protobuf messages, so that the readers are tested against independent bytes. */
final class TestTableWriter {

    private TestTableWriter() {
    }

    /** A table with at most {@code entriesPerBlock} entries per data block and a restart point every 2 entries. */
    static byte[] table(SortedMap<String, byte[]> entries, int entriesPerBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(entries.entrySet());
        java.util.TreeMap<String, byte[]> index = new java.util.TreeMap<>();
        for (int i = 0; i < all.size(); i += entriesPerBlock) {
            List<Map.Entry<String, byte[]>> chunk = all.subList(i, Math.min(all.size(), i + entriesPerBlock));
            long offset = out.size();
            byte[] block = block(chunk);
            writeBlock(out, block);
            // The index key only has to be >= every key of the block; the last key is the simplest choice.
            index.put(chunk.get(chunk.size() - 1).getKey(), concat(varint(offset), varint(block.length)));
        }
        long metaOffset = out.size();
        byte[] meta = block(List.of());
        writeBlock(out, meta);
        long indexOffset = out.size();
        byte[] indexBlock = block(new ArrayList<>(index.entrySet()));
        writeBlock(out, indexBlock);
        byte[] handles = concat(varint(metaOffset), varint(meta.length), varint(indexOffset), varint(indexBlock.length));
        ByteBuffer footer = ByteBuffer.allocate(SsTable.FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        footer.put(handles);
        footer.putLong(SsTable.FOOTER_LENGTH - 8, SsTable.MAGIC);
        out.writeBytes(footer.array());
        return out.toByteArray();
    }

    private static byte[] block(List<Map.Entry<String, byte[]>> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> restarts = new ArrayList<>();
        byte[] previous = new byte[0];
        for (int i = 0; i < entries.size(); i++) {
            byte[] key = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = entries.get(i).getValue();
            int shared = 0;
            if (i % 2 == 0) {
                restarts.add(out.size());
            } else {
                while (shared < Math.min(key.length, previous.length) && key[shared] == previous[shared]) {
                    shared++;
                }
            }
            out.writeBytes(varint(shared));
            out.writeBytes(varint(key.length - shared));
            out.writeBytes(varint(value.length));
            out.write(key, shared, key.length - shared);
            out.writeBytes(value);
            previous = key;
        }
        if (restarts.isEmpty()) {
            restarts.add(0);
        }
        ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
        restarts.forEach(tail::putInt);
        tail.putInt(restarts.size());
        out.writeBytes(tail.array());
        return out.toByteArray();
    }

    private static void writeBlock(ByteArrayOutputStream out, byte[] block) {
        out.writeBytes(block);
        CRC32C crc = new CRC32C();
        crc.update(block);
        crc.update(0);
        ByteBuffer trailer = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
        trailer.put((byte) 0).putInt(SsTable.mask((int) crc.getValue()));
        out.writeBytes(trailer.array());
    }

    /** A BundleEntryProto for a float32 tensor. */
    static byte[] bundleEntry(long[] shape, long offset, long size, int maskedCrc) {
        ByteArrayOutputStream shapeProto = new ByteArrayOutputStream();
        for (long d : shape) {
            byte[] dim = concat(varint(1 << 3), varint(d)); // Dim.size = 1
            shapeProto.writeBytes(concat(varint(2 << 3 | 2), varint(dim.length), dim));
        }
        byte[] s = shapeProto.toByteArray();
        ByteBuffer crc = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc);
        return concat(
                varint(1 << 3), varint(TfCheckpointReader.DT_FLOAT),
                varint(2 << 3 | 2), varint(s.length), s,
                varint(4 << 3), varint(offset),
                varint(5 << 3), varint(size),
                varint(6 << 3 | 5), crc.array());
    }

    static byte[] floatsLe(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static int maskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return SsTable.mask((int) crc.getValue());
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
