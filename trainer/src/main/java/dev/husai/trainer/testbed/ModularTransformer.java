package dev.husai.trainer.testbed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.husai.core.safetensors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The testbed transformer on DJL NDArrays (PyTorch engine). Letters: B batch, D d_model, H heads,
 * E d_head, M d_mlp, P modulus.
 *
 * <p>Only the {@code =} position (2) feeds the output, and with a causal mask positions 0 and 1 only
 * contribute their keys and values to it. So the forward pass computes exactly the model's output
 * at {@code =} while skipping the queries, attention outputs and MLP of positions 0 and 1 (their
 * values never reach the logits): the same function, ~2.5x fewer FLOPs. The query at {@code =} is the
 * same for every input (the token and position are fixed), so it is computed once per step.
 */
public final class ModularTransformer implements AutoCloseable {
    private final TestbedConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    /** {@code 1/sqrt(E)} as a torch-owned scalar that lives as long as the model (see {@link #torchOwned}). */
    private final NDArray scoreScale;

    /** Output of one forward pass, all at the {@code =} position. */
    public record Forward(NDArray logitsBP, NDArray residPostBD, NDArray mlpPostBM) {
    }

    public ModularTransformer(NDManager parent, TestbedWeights weights) {
        this.config = weights.config();
        this.manager = parent.newSubManager();
        for (Map.Entry<String, Tensor> e : weights.ordered().entrySet()) {
            Tensor t = e.getValue();
            long[] shape = new long[t.shape().length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.shape()[i];
            }
            params.put(e.getKey(), torchOwned(manager, t.values(), new Shape(shape)));
        }
        this.scoreScale = torchOwned(manager, new float[] {(float) (1 / Math.sqrt(config.dHead()))}, new Shape());
    }

    /**
     * A torch-owned copy of the values. DJL's {@code create(...)} wraps a Java direct buffer with
     * {@code from_blob}, and its scalar operators ({@code x.div(2.0)}) create such a scalar and close it
     * right after the op: when autograd saved that scalar for the backward pass, the backward pass reads
     * freed memory and, now and then, yields NaN (seen in about one run in three). So the forward pass
     * uses no scalar operators: constants are torch-owned tensors that live as long as the model.
     */
    static NDArray torchOwned(NDManager manager, float[] values, Shape shape) {
        try (NDArray blob = manager.create(values, shape)) {
            return blob.duplicate();
        }
    }

    /** Int32 variant of {@link #torchOwned(NDManager, float[], Shape)}. */
    static NDArray torchOwned(NDManager manager, int[] values) {
        try (NDArray blob = manager.create(values)) {
            return blob.duplicate();
        }
    }

    public TestbedConfig config() {
        return config;
    }

    /** The parameter arrays by TransformerLens name (live, not copies). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** Turns gradient tracking on for every parameter. */
    public void attachGradients() {
        params.values().forEach(p -> p.setRequiresGradient(true));
    }

    /**
     * Forward pass for pairs {@code (a, b)} given as int arrays {@code [B]}.
     *
     * @param aB first operands, int32 {@code [B]}
     * @param bB second operands, int32 {@code [B]}
     */
    public Forward forward(NDArray aB, NDArray bB) {
        NDArray residMidBD = residMidInScope(aB, bB);
        NDArray mlpPostBM = Activation.relu(residMidBD.matMul(p(TestbedWeights.W_IN)).add(p(TestbedWeights.B_IN)));
        NDArray residPostBD = residMidBD.add(mlpPostBM.matMul(p(TestbedWeights.W_OUT))).add(p(TestbedWeights.B_OUT));
        return new Forward(residPostBD.matMul(p(TestbedWeights.W_U)), residPostBD, mlpPostBM);
    }

    /** Logits {@code [B, P]} with the residual stream after the block replaced by {@code residPostBD}. */
    public NDArray unembed(NDArray residPostBD) {
        return residPostBD.matMul(p(TestbedWeights.W_U));
    }

    /**
     * Logits {@code [B, P]} when the MLP activations are replaced by {@code mlpPostBM} (for splicing an SAE
     * reconstruction in at {@code mlp_post}), from a precomputed residual stream after attention {@code residMidBD}: {@code (mlpPost W_out + residMid + b_out) W_U}. Every result is computed from
     * {@code mlpPostBM} first, so it is owned by that array's manager (DJL attaches an op's result to the
     * manager of its first operand): a long-lived {@code residMidBD} gains nothing per call.
     */
    public NDArray logitsWithMlpPost(NDArray residMidBD, NDArray mlpPostBM) {
        return unembed(mlpPostBM.matMul(p(TestbedWeights.W_OUT)).add(residMidBD).add(p(TestbedWeights.B_OUT)));
    }

    /**
     * Residual stream at {@code =} after attention: {@code [B, D]}. Owned by the manager of {@code aB}; every
     * intermediate of this call is closed before it returns.
     */
    public NDArray residMid(NDArray aB, NDArray bB) {
        try (NDScope scope = new NDScope()) {
            NDArray residMidBD = residMidInScope(aB, bB);
            NDScope.unregister(residMidBD);
            return residMidBD;
        }
    }

    private NDArray residMidInScope(NDArray aB, NDArray bB) {
        int vocab = config.vocab();
        NDArray wE = p(TestbedWeights.W_E);
        NDArray wPos = p(TestbedWeights.W_POS);
        NDArray residA = aB.oneHot(vocab, DataType.FLOAT32).matMul(wE).add(wPos.get(0));
        NDArray residB = bB.oneHot(vocab, DataType.FLOAT32).matMul(wE).add(wPos.get(1));
        NDArray residEq = wE.get(new NDIndex("{}:{}", config.equalsToken(), config.equalsToken() + 1))
                .add(wPos.get(new NDIndex("2:3")));
        NDArray zBA = attend(residA, residB, residEq);
        return residEq.add(zBA.matMul(p(TestbedWeights.W_O)));
    }

    /** Attention of the {@code =} query over positions 0, 1, 2; returns the concatenated heads {@code [B, H*E]}. */
    private NDArray attend(NDArray residA, NDArray residB, NDArray residEq) {
        int h = config.heads();
        int e = config.dHead();
        NDArray wK = p(TestbedWeights.W_K);
        NDArray wV = p(TestbedWeights.W_V);
        NDArray q1HE = residEq.matMul(p(TestbedWeights.W_Q)).reshape(1, h, e);
        NDArray scoreA = q1HE.mul(residA.matMul(wK).reshape(-1, h, e)).sum(new int[] {2});
        NDArray scoreB = q1HE.mul(residB.matMul(wK).reshape(-1, h, e)).sum(new int[] {2});
        NDArray scoreEq = q1HE.mul(residEq.matMul(wK).reshape(1, h, e)).sum(new int[] {2}).broadcast(scoreA.getShape());
        NDArray weightsBH3 = NDArrayStack.stackLast(scoreA, scoreB, scoreEq).mul(scoreScale).softmax(2);
        NDArray vA = residA.matMul(wV).reshape(-1, h, e);
        NDArray vB = residB.matMul(wV).reshape(-1, h, e);
        NDArray vEq = residEq.matMul(wV).reshape(1, h, e);
        NDArray z = weightsBH3.get(new NDIndex("..., 0:1")).mul(vA)
                .add(weightsBH3.get(new NDIndex("..., 1:2")).mul(vB))
                .add(weightsBH3.get(new NDIndex("..., 2:3")).mul(vEq));
        return z.reshape(-1, (long) h * e);
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    /** Copies the current parameters out to plain arrays. */
    public TestbedWeights weights() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        TestbedWeights.shapes(config).forEach((name, shape) ->
                t.put(name, Tensor.f32(params.get(name).toFloatArray(), shape)));
        return new TestbedWeights(config, t);
    }

    @Override
    public void close() {
        manager.close();
    }
}
