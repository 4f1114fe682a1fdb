package dev.headcount.engine.checkpoint;

import dev.headcount.engine.model.Activation;
import dev.headcount.engine.model.Architecture;
import dev.headcount.engine.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a BERT encoder exported to ONNX by PyTorch (as sentence-transformers' all-MiniLM-L6-v2 in
 * langchain4j's artifact) into Hugging Face {@code BertModel} names, without a prefix.
 *
 * <p>The exporter keeps Hugging Face names for biases, embeddings and LayerNorms but folds each
 * linear weight into an anonymous {@code onnx::MatMul_NNN} initializer of shape [in, out]; we find
 * it through the MatMul node that consumes it (the node names follow the PyTorch module path) and
 * transpose it to [out, in].
 */
public final class OnnxBertImporter {

    private static final Pattern LAYER_MATMUL =
            Pattern.compile("/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value"
                    + "|attention/output/dense|intermediate/dense|output/dense)/MatMul");
    private static final Pattern POOLER_MATMUL = Pattern.compile("/pooler/dense/MatMul");
    private static final Pattern LAYER_NAME = Pattern.compile("encoder\\.layer\\.(\\d+)\\..*");

    private static final String[] EMBEDDINGS = {
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"};
    private static final String[] LINEARS = {
        "attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"};
    private static final String[] LAYER_NORMS = {"attention.output.LayerNorm", "output.LayerNorm"};

    private OnnxBertImporter() {
    }

    /**
     * @param headCount attention heads: not recoverable from the weights, so the caller states it
     *     (all-MiniLM-L6-v2 has 12 heads of width 32)
     */
    public static ImportedCheckpoint read(InputStream onnx, String source, int headCount) throws IOException {
        return read(ByteBuffer.wrap(onnx.readAllBytes()), source, headCount);
    }

    public static ImportedCheckpoint read(ByteBuffer onnx, String source, int headCount) throws IOException {
        OnnxGraph graph = OnnxGraph.parse(onnx, source);
        Map<String, String> weightByHfName = linearWeightsByHfName(graph);

        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : graph.initializers().keySet()) {
            Matcher m = LAYER_NAME.matcher(name);
            if (m.matches()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty() || layers.first() != 0 || layers.last() != layers.size() - 1) {
            throw new IOException(source + ": expected encoder layers 0..N-1 among the initializers, found " + layers);
        }

        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : EMBEDDINGS) {
            out.put(name, named(graph, name));
        }
        for (int layer : layers) {
            String prefix = "encoder.layer." + layer + ".";
            for (String linear : LINEARS) {
                out.put(prefix + linear + ".weight", linearWeight(graph, weightByHfName, prefix + linear + ".weight"));
                out.put(prefix + linear + ".bias", named(graph, prefix + linear + ".bias"));
            }
            for (String norm : LAYER_NORMS) {
                out.put(prefix + norm + ".weight", named(graph, prefix + norm + ".weight"));
                out.put(prefix + norm + ".bias", named(graph, prefix + norm + ".bias"));
            }
        }
        if (graph.initializers().containsKey("pooler.dense.bias")) {
            out.put("pooler.dense.weight", linearWeight(graph, weightByHfName, "pooler.dense.weight"));
            out.put("pooler.dense.bias", named(graph, "pooler.dense.bias"));
        }
        return new ImportedCheckpoint(config(out, layers.size(), headCount, activation(graph)), out);
    }

    /** Hugging Face weight name to the initializer consumed as the MatMul's second input. */
    private static Map<String, String> linearWeightsByHfName(OnnxGraph graph) {
        Map<String, String> byName = new HashMap<>();
        for (OnnxGraph.Node node : graph.nodes()) {
            if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
                continue;
            }
            Matcher layer = LAYER_MATMUL.matcher(node.name());
            if (layer.matches()) {
                byName.put("encoder.layer." + layer.group(1) + "." + layer.group(2).replace('/', '.') + ".weight",
                        node.inputs().get(1));
            } else if (POOLER_MATMUL.matcher(node.name()).matches()) {
                byName.put("pooler.dense.weight", node.inputs().get(1));
            }
        }
        return byName;
    }

    private static HostTensor linearWeight(OnnxGraph graph, Map<String, String> weightByHfName, String hfName)
            throws IOException {
        String initializer = weightByHfName.get(hfName);
        String node = "/" + hfName.substring(0, hfName.length() - ".weight".length())
                .replace("encoder.layer.", "encoder/layer.").replaceAll("\\.(?!\\d)", "/") + "/MatMul";
        if (initializer == null) {
            throw new IOException(graph.source() + ": no MatMul node '" + node + "' with a weight input, needed for "
                    + hfName);
        }
        OnnxGraph.Initializer t = graph.initializers().get(initializer);
        if (t == null || t.dims().length != 2) {
            throw new IOException(graph.source() + ": MatMul node '" + node + "' reads '" + initializer
                    + "', which is not a 2-D initializer (needed for " + hfName + ")");
        }
        // ONNX MatMul computes x[.., in] @ W[in, out]; torch.nn.Linear stores W as [out, in].
        return t.toHostTensor(graph.source()).transpose2d();
    }

    private static HostTensor named(OnnxGraph graph, String name) throws IOException {
        OnnxGraph.Initializer t = graph.initializers().get(name);
        if (t == null) {
            throw new IOException(graph.source() + ": initializer '" + name + "' is missing");
        }
        return t.toHostTensor(graph.source());
    }

    /** The exporter writes exact GELU as Erf nodes and the tanh approximation as Tanh nodes. */
    private static Activation activation(OnnxGraph graph) throws IOException {
        boolean erf = false;
        boolean tanh = false;
        for (OnnxGraph.Node node : graph.nodes()) {
            if (node.name().contains("/intermediate/")) {
                erf |= node.opType().equals("Erf");
                tanh |= node.opType().equals("Tanh");
            }
        }
        if (erf == tanh) {
            throw new IOException(graph.source() + ": cannot tell the hidden activation from the intermediate nodes "
                    + "(Erf: " + erf + ", Tanh: " + tanh + ")");
        }
        return erf ? Activation.GELU : Activation.GELU_NEW;
    }

    private static ModelConfig config(Map<String, HostTensor> t, int layers, int heads, Activation act) {
        long[] words = t.get("embeddings.word_embeddings.weight").shape();
        int hidden = (int) words[1];
        return new ModelConfig(
                Architecture.BERT,
                (int) words[0],
                hidden,
                hidden,
                layers,
                heads,
                (int) t.get("encoder.layer.0.intermediate.dense.bias").shape()[0],
                act,
                1e-12f, // sentence-transformers' config; the exporter folds eps into anonymous Constant nodes
                (int) t.get("embeddings.position_embeddings.weight").shape()[0],
                (int) t.get("embeddings.token_type_embeddings.weight").shape()[0],
                0,
                1,
                1,
                0.1f,
                0.1f,
                0,
                null);
    }
}
