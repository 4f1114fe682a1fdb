package dev.headcount.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model that weight import needs: the graph's initializers (kept as
 * zero-copy slices until converted) and its nodes' names, op types and inputs.
 * Field numbers follow onnx.proto (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5).
 */
record OnnxGraph(String source, Map<String, Initializer> initializers, List<Node> nodes) {

    /** ONNX TensorProto.DataType.FLOAT. */
    static final int FLOAT = 1;

    record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    /** An initializer whose values are either {@code raw_data} (little-endian) or packed/unpacked {@code float_data}. */
    record Initializer(String name, long[] dims, int dataType, ByteBuffer rawData, float[] floatData) {

        HostTensor toHostTensor(String source) throws IOException {
            if (dataType != FLOAT) {
                throw new IOException(source + ": initializer '" + name + "' has ONNX data_type " + dataType
                        + ", expected 1 (FLOAT)");
            }
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            float[] values;
            if (rawData != null && rawData.remaining() > 0) {
                if (rawData.remaining() != n * 4) {
                    throw new IOException(source + ": initializer '" + name + "' " + Arrays.toString(dims)
                            + " has " + rawData.remaining() + " bytes of raw_data, expected " + n * 4);
                }
                values = new float[(int) n];
                rawData.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            } else if (floatData != null && floatData.length == n) {
                values = floatData.clone();
            } else {
                throw new IOException(source + ": initializer '" + name + "' " + Arrays.toString(dims)
                        + " holds no data in the file (external data is not supported)");
            }
            return new HostTensor(dims.clone(), values);
        }
    }

    static OnnxGraph parse(ByteBuffer model, String source) throws IOException {
        ProtoReader m = new ProtoReader(model, source);
        while (m.next()) {
            if (m.field() == 7 && m.wireType() == ProtoReader.LENGTH_DELIMITED) {
                return parseGraph(m.message("graph"), source);
            }
            m.skip();
        }
        throw new IOException(source + ": no graph in the ONNX model (is this an .onnx file?)");
    }

    private static OnnxGraph parseGraph(ProtoReader g, String source) throws IOException {
        Map<String, Initializer> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        while (g.next()) {
            switch (g.field()) {
                case 1 -> nodes.add(parseNode(g.message("node")));
                case 5 -> {
                    Initializer t = parseTensor(g.message("initializer"));
                    initializers.put(t.name(), t);
                }
                default -> g.skip();
            }
        }
        return new OnnxGraph(source, initializers, nodes);
    }

    private static Node parseNode(ProtoReader n) throws IOException {
        String name = "";
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (n.next()) {
            switch (n.field()) {
                case 1 -> inputs.add(n.string());
                case 2 -> outputs.add(n.string());
                case 3 -> name = n.string();
                case 4 -> opType = n.string();
                default -> n.skip();
            }
        }
        return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Initializer parseTensor(ProtoReader t) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        while (t.next()) {
            switch (t.field()) {
                case 1 -> t.repeatedVarints(dims);
                case 2 -> dataType = (int) t.varint();
                case 4 -> {
                    if (t.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        ByteBuffer packed = t.bytes();
                        while (packed.remaining() >= 4) {
                            floats.add(packed.getFloat());
                        }
                    } else {
                        floats.add(Float.intBitsToFloat(t.fixed32()));
                    }
                }
                case 8 -> name = t.string();
                case 9 -> raw = t.bytes();
                default -> t.skip();
            }
        }
        float[] floatData = new float[floats.size()];
        for (int i = 0; i < floatData.length; i++) {
            floatData[i] = floats.get(i);
        }
        return new Initializer(name, dims.stream().mapToLong(Long::longValue).toArray(), dataType, raw, floatData);
    }
}
