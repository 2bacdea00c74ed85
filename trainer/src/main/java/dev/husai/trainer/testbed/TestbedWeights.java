package dev.husai.trainer.testbed;

import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.SafetensorsFile;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.tensor.FloatMatrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The testbed's parameters as plain arrays, named as in TransformerLens (shapes in brackets; H heads of
 * width E, so attention matrices are stored flattened {@code [D, H*E]} with column {@code h*E + e}):
 * <pre>
 * embed.W_E          [p+1, D]     pos_embed.W_pos  [3, D]
 * blocks.0.attn.W_Q  [D, H*E]     blocks.0.attn.W_K [D, H*E]   blocks.0.attn.W_V [D, H*E]
 * blocks.0.attn.W_O  [H*E, D]
 * blocks.0.mlp.W_in  [D, M]       blocks.0.mlp.b_in [M]
 * blocks.0.mlp.W_out [M, D]       blocks.0.mlp.b_out [D]
 * unembed.W_U        [D, p]
 * </pre>
 */
public record TestbedWeights(TestbedConfig config, Map<String, Tensor> tensors) {
    public static final String W_E = "embed.W_E";
    public static final String W_POS = "pos_embed.W_pos";
    public static final String W_Q = "blocks.0.attn.W_Q";
    public static final String W_K = "blocks.0.attn.W_K";
    public static final String W_V = "blocks.0.attn.W_V";
    public static final String W_O = "blocks.0.attn.W_O";
    public static final String W_IN = "blocks.0.mlp.W_in";
    public static final String B_IN = "blocks.0.mlp.b_in";
    public static final String W_OUT = "blocks.0.mlp.W_out";
    public static final String B_OUT = "blocks.0.mlp.b_out";
    public static final String W_U = "unembed.W_U";

    public TestbedWeights {
        Map<String, int[]> expected = shapes(config);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new SafetensorsException("expected testbed tensor " + e.getKey() + ", found only "
                        + tensors.keySet());
            }
            t.requireShape(e.getKey(), e.getValue());
        }
        tensors = Map.copyOf(tensors);
    }

    /** The expected shape of every parameter, in a fixed order. */
    public static Map<String, int[]> shapes(TestbedConfig c) {
        int d = c.dModel();
        int a = c.attnWidth();
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put(W_E, new int[] {c.vocab(), d});
        s.put(W_POS, new int[] {TestbedConfig.CONTEXT, d});
        s.put(W_Q, new int[] {d, a});
        s.put(W_K, new int[] {d, a});
        s.put(W_V, new int[] {d, a});
        s.put(W_O, new int[] {a, d});
        s.put(W_IN, new int[] {d, c.dMlp()});
        s.put(B_IN, new int[] {c.dMlp()});
        s.put(W_OUT, new int[] {c.dMlp(), d});
        s.put(B_OUT, new int[] {d});
        s.put(W_U, new int[] {d, c.p()});
        return s;
    }

    /**
     * Gaussian initialisation as in Nanda's code: N(0, 1/D) for every matrix read from the residual
     * stream, N(0, 1/M) for W_out, zero biases. Deterministic in {@code seed}.
     */
    public static TestbedWeights initial(TestbedConfig c, long seed) {
        Random rng = new Random(seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes(c).entrySet()) {
            int[] shape = e.getValue();
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            float[] v = new float[n];
            if (shape.length == 2) {
                double std = e.getKey().equals(W_OUT) ? 1 / Math.sqrt(c.dMlp()) : 1 / Math.sqrt(c.dModel());
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (rng.nextGaussian() * std);
                }
            }
            t.put(e.getKey(), Tensor.f32(v, shape));
        }
        return new TestbedWeights(c, t);
    }

    /** Reads weights and config from a decoded checkpoint (metadata keys p, d_model, heads, d_head, d_mlp). */
    public static TestbedWeights fromFile(SafetensorsFile f) {
        TestbedConfig c = new TestbedConfig(f.metaInt("p"), f.metaInt("d_model"), f.metaInt("heads"),
                f.metaInt("d_head"), f.metaInt("d_mlp"));
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (String name : shapes(c).keySet()) {
            t.put(name, f.tensor(name));
        }
        return new TestbedWeights(c, t);
    }

    /** The metadata that describes the shape, to be merged into a checkpoint's metadata. */
    public Map<String, String> shapeMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("p", Integer.toString(config.p()));
        m.put("d_model", Integer.toString(config.dModel()));
        m.put("heads", Integer.toString(config.heads()));
        m.put("d_head", Integer.toString(config.dHead()));
        m.put("d_mlp", Integer.toString(config.dMlp()));
        return m;
    }

    /** Tensors in the canonical order. */
    public Map<String, Tensor> ordered() {
        Map<String, Tensor> o = new LinkedHashMap<>();
        for (String name : shapes(config).keySet()) {
            o.put(name, tensors.get(name));
        }
        return o;
    }

    /** The embedding rows of the number tokens 0..p-1 ({@code W_E} without the {@code =} row): {@code [p, D]}. */
    public FloatMatrix numberEmbedding() {
        FloatMatrix embed = tensors.get(W_E).matrix();
        int p = config.p();
        return new FloatMatrix(p, embed.cols(), java.util.Arrays.copyOf(embed.data(), p * embed.cols()));
    }

    public Tensor get(String name) {
        return tensors.get(name);
    }
}
