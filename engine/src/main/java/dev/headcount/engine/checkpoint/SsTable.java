package dev.headcount.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads every key/value pair of an SSTable in the LevelDB table format, which TensorFlow uses for
 * checkpoint indexes ({@code variables.index}).
 *
 * <p>Layout: data blocks, a metaindex block, an index block (one entry per data block, value = its
 * BlockHandle), then a 48-byte footer: the metaindex and index BlockHandles as varints, zero
 * padding, and the magic number. Each block holds prefix-compressed entries ({@code shared},
 * {@code non_shared}, {@code value_length} varints, key suffix, value), then a restart array of
 * uint32 and its count; a 5-byte trailer follows every block (compression type, masked crc32c of
 * the block and the type byte). Only uncompressed blocks are supported.
 */
public final class SsTable {

    /** One key/value pair; keys are arbitrary bytes, decoded as UTF-8 for TensorFlow's variable names. */
    public record Entry(String key, ByteBuffer value) {
    }

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    static final int BLOCK_TRAILER_LENGTH = 5;

    private record BlockHandle(long offset, long size) {
    }

    private SsTable() {
    }

    /** All entries in key order. */
    public static List<Entry> read(byte[] table, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        if (table.length < FOOTER_LENGTH) {
            throw new IOException(source + ": not an SSTable (" + table.length + " bytes, shorter than its footer)");
        }
        if (buf.getLong(table.length - 8) != MAGIC) {
            throw new IOException(source + ": not an SSTable (bad magic number in the footer)");
        }
        ProtoReader footer = new ProtoReader(buf.duplicate().position(table.length - FOOTER_LENGTH), source + " footer");
        blockHandle(footer); // metaindex: TensorFlow writes no meta blocks that matter here
        BlockHandle index = blockHandle(footer);

        List<Entry> entries = new ArrayList<>();
        for (Entry indexEntry : block(buf, index, source, "index block")) {
            BlockHandle data = blockHandle(new ProtoReader(indexEntry.value(), source + " index entry"));
            entries.addAll(block(buf, data, source, "data block at offset " + data.offset()));
        }
        return entries;
    }

    private static BlockHandle blockHandle(ProtoReader r) throws IOException {
        return new BlockHandle(r.varint(), r.varint());
    }

    private static List<Entry> block(ByteBuffer table, BlockHandle handle, String source, String what)
            throws IOException {
        String where = source + ": " + what;
        if (handle.offset() < 0 || handle.size() < 4
                || handle.offset() + handle.size() + BLOCK_TRAILER_LENGTH > table.capacity()) {
            throw new IOException(where + " (size " + handle.size() + ") lies outside the file");
        }
        int start = (int) handle.offset();
        int size = (int) handle.size();
        byte compression = table.get(start + size);
        if (compression != 0) {
            throw new IOException(where + " is compressed (type " + compression
                    + "); only uncompressed SSTables are supported");
        }
        CRC32C crc = new CRC32C();
        crc.update(table.array(), start, size + 1);
        int expected = table.getInt(start + size + 1);
        if (mask((int) crc.getValue()) != expected) {
            throw new IOException(where + " fails its crc32c check (the file is corrupt)");
        }

        ByteBuffer block = table.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(start).limit(start + size).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        int restarts = block.getInt(size - 4);
        int entriesEnd = size - 4 - 4 * restarts;
        if (restarts < 1 || entriesEnd < 0) {
            throw new IOException(where + " has an invalid restart count " + restarts);
        }
        ProtoReader r = new ProtoReader(block.duplicate().limit(entriesEnd), where);
        ByteBuffer entries = block.duplicate().limit(entriesEnd);
        List<Entry> out = new ArrayList<>();
        byte[] key = new byte[0];
        while (r.position() < entriesEnd) {
            int shared = (int) r.varint();
            int nonShared = (int) r.varint();
            int valueLength = (int) r.varint();
            int pos = r.position();
            if (shared > key.length || pos + nonShared + valueLength > entriesEnd) {
                throw new IOException(where + " has a malformed entry after key '"
                        + new String(key, StandardCharsets.UTF_8) + "'");
            }
            byte[] next = new byte[shared + nonShared];
            System.arraycopy(key, 0, next, 0, shared);
            entries.get(pos, next, shared, nonShared);
            key = next;
            ByteBuffer value = entries.duplicate().position(pos + nonShared).limit(pos + nonShared + valueLength)
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            out.add(new Entry(new String(key, StandardCharsets.UTF_8), value));
            r.position(pos + nonShared + valueLength);
        }
        return out;
    }

    /** LevelDB and TensorFlow store crc32c values masked, so that a crc over data holding crcs stays strong. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }
}
