package dev.headcount.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of the protobuf wire format: enough to walk ONNX models and TensorFlow bundle
 * entries field by field without generated classes or a protobuf dependency.
 *
 * <p>Usage: {@code while (r.next()) switch (r.field()) { case 1 -> r.varint(); default -> r.skip(); }}.
 * Length-delimited values come back as zero-copy slices of the underlying buffer.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private final String source;
    private int field;
    private int wireType;

    /** @param source names the file and message being read, for error messages */
    ProtoReader(ByteBuffer message, String source) {
        this.buf = message.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() throws IOException {
        if (!buf.hasRemaining()) {
            return false;
        }
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw corrupt("field number 0");
        }
        return true;
    }

    /** Offset within this message, for formats (like SSTable blocks) that mix varints with raw bytes. */
    int position() {
        return buf.position();
    }

    void position(int offset) {
        buf.position(offset);
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw corrupt("truncated varint");
            }
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    int fixed32() throws IOException {
        need(4);
        return buf.getInt();
    }

    long fixed64() throws IOException {
        need(8);
        return buf.getLong();
    }

    /** A length-delimited value (bytes, string or sub-message) as a little-endian slice. */
    ByteBuffer bytes() throws IOException {
        long len = varint();
        if (len < 0 || len > buf.remaining()) {
            throw corrupt("length " + len + " exceeds the " + buf.remaining() + " bytes left");
        }
        ByteBuffer slice = buf.slice().limit((int) len).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + (int) len);
        return slice;
    }

    String string() throws IOException {
        ByteBuffer b = bytes();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    ProtoReader message(String what) throws IOException {
        return new ProtoReader(bytes(), source + " > " + what);
    }

    /**
     * Reads one value, or all values of a packed run, of a repeated integer field into {@code out};
     * protobuf writers may use either encoding for repeated scalars.
     */
    void repeatedVarints(java.util.List<Long> out) throws IOException {
        if (wireType == LENGTH_DELIMITED) {
            ProtoReader packed = new ProtoReader(bytes(), source);
            while (packed.buf.hasRemaining()) {
                out.add(packed.varint());
            }
        } else {
            out.add(varint());
        }
    }

    void skip() throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                buf.position(buf.position() + 8);
            }
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> {
                need(4);
                buf.position(buf.position() + 4);
            }
            default -> throw corrupt("unsupported wire type " + wireType + " for field " + field);
        }
    }

    private void need(int n) throws IOException {
        if (buf.remaining() < n) {
            throw corrupt("truncated value of field " + field);
        }
    }

    private IOException corrupt(String what) {
        return new IOException(source + ": malformed protobuf: " + what);
    }
}
