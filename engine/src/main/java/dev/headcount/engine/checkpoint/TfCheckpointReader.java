package dev.headcount.engine.checkpoint;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Reads a TensorFlow checkpoint bundle (TF 1.x+ {@code tensor_bundle} format): an SSTable index
 * ({@code <prefix>.index}) mapping each variable name to a BundleEntryProto, and a data file
 * ({@code <prefix>.data-00000-of-00001}) of raw little-endian tensors. Only float32, single-shard,
 * unsliced bundles are supported, which is what a SavedModel's {@code variables/} holds.
 */
public final class TfCheckpointReader {

    /** TensorFlow's DataType.DT_FLOAT. */
    static final int DT_FLOAT = 1;

    /** A BundleEntryProto (tensor_bundle.proto): dtype = 1, shape = 2, shard_id = 3, offset = 4, size = 5, crc32c = 6. */
    public record BundleEntry(String name, int dtype, long[] shape, int shardId, long offset, long size,
            int maskedCrc32c) {

        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private TfCheckpointReader() {
    }

    /** The variables of an index, in key order; the header entry (empty key) is left out. */
    public static List<BundleEntry> readIndex(byte[] index, String source) throws IOException {
        List<BundleEntry> out = new ArrayList<>();
        for (SsTable.Entry e : SsTable.read(index, source)) {
            if (!e.key().isEmpty()) { // "" holds the BundleHeaderProto (shard count, endianness, version)
                out.add(parseEntry(e.key(), e.value(), source));
            }
        }
        return out;
    }

    static BundleEntry parseEntry(String name, ByteBuffer value, String source) throws IOException {
        ProtoReader r = new ProtoReader(value, source + " entry '" + name + "'");
        int dtype = 0;
        List<Long> dims = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        boolean sliced = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dtype = (int) r.varint();
                case 2 -> {
                    ProtoReader shape = r.message("shape");
                    while (shape.next()) {
                        if (shape.field() == 2) { // TensorShapeProto.dim
                            ProtoReader dim = shape.message("dim");
                            long dimSize = 0;
                            while (dim.next()) {
                                if (dim.field() == 1) {
                                    dimSize = dim.varint();
                                } else {
                                    dim.skip();
                                }
                            }
                            dims.add(dimSize);
                        } else {
                            shape.skip();
                        }
                    }
                }
                case 3 -> shard = (int) r.varint();
                case 4 -> offset = r.varint();
                case 5 -> size = r.varint();
                case 6 -> crc = r.fixed32();
                case 7 -> {
                    sliced = true;
                    r.skip();
                }
                default -> r.skip();
            }
        }
        if (sliced) {
            throw new IOException(source + ": variable '" + name + "' is stored in slices, which is not supported");
        }
        return new BundleEntry(name, dtype, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size,
                crc);
    }

    /** Reads a bundle from disk, given its prefix (e.g. {@code saved_model/variables/variables}). */
    public static Map<String, HostTensor> read(Path prefix, Predicate<String> wanted) throws IOException {
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        Path data = prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001");
        List<BundleEntry> entries = readIndex(Files.readAllBytes(index), index.toString());
        try (InputStream in = Files.newInputStream(data)) {
            return readData(entries, in, data.toString(), wanted);
        }
    }

    /**
     * Reads the wanted variables from the data file, streamed once from start to end (so it may come
     * straight out of an archive), checking each tensor's crc32c.
     *
     * @return float32 tensors by TensorFlow variable name, in file order
     */
    public static Map<String, HostTensor> readData(List<BundleEntry> entries, InputStream data, String source,
            Predicate<String> wanted) throws IOException {
        List<BundleEntry> byOffset = new ArrayList<>();
        for (BundleEntry e : entries) {
            if (!wanted.test(e.name())) {
                continue;
            }
            if (e.shardId() != 0) {
                throw new IOException(source + ": variable '" + e.name() + "' is in shard " + e.shardId()
                        + "; only single-shard bundles are supported");
            }
            if (e.dtype() != DT_FLOAT) {
                throw new IOException(source + ": variable '" + e.name() + "' has TensorFlow dtype " + e.dtype()
                        + ", expected 1 (DT_FLOAT)");
            }
            if (e.size() != e.elementCount() * 4 || e.size() > Integer.MAX_VALUE) {
                throw new IOException(source + ": variable '" + e.name() + "' " + Arrays.toString(e.shape())
                        + " has " + e.size() + " bytes, expected " + e.elementCount() * 4);
            }
            byOffset.add(e);
        }
        byOffset.sort(Comparator.comparingLong(BundleEntry::offset));

        Map<String, HostTensor> out = new LinkedHashMap<>();
        DataInputStream in = new DataInputStream(new BufferedInputStream(data, 1 << 20));
        long position = 0;
        CRC32C crc = new CRC32C();
        for (BundleEntry e : byOffset) {
            if (e.offset() < position) {
                throw new IOException(source + ": variable '" + e.name() + "' overlaps the previous one");
            }
            in.skipNBytes(e.offset() - position);
            byte[] bytes = new byte[(int) e.size()];
            try {
                in.readFully(bytes);
            } catch (EOFException eof) {
                throw new IOException(source + ": data file ends inside variable '" + e.name() + "' (offset "
                        + e.offset() + ", " + e.size() + " bytes)", eof);
            }
            position = e.offset() + e.size();
            crc.reset();
            crc.update(bytes);
            if (SsTable.mask((int) crc.getValue()) != e.maskedCrc32c()) {
                throw new IOException(source + ": variable '" + e.name() + "' fails its crc32c check (stored "
                        + Integer.toHexString(e.maskedCrc32c()) + ", computed "
                        + Integer.toHexString(SsTable.mask((int) crc.getValue())) + "): the data file is corrupt");
            }
            float[] values = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            out.put(e.name(), new HostTensor(e.shape().clone(), values));
        }
        return out;
    }
}
