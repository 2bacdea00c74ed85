package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;

/** {@link DenseKernel} on PyTorch through DJL: one batched matmul for all seeds, no autograd. */
final class TorchKernel implements DenseKernel {
    private final NDManager base = NDManager.newBaseManager();

    @Override
    public void preActivations(float[] xAND, float[] wEncAFD, float[] biasAF, int a, int n, int d, int f, float[] preANF) {
        try (NDManager m = base.newSubManager()) {
            NDArray x = m.create(slice(xAND, a * n * d), new Shape(a, n, d));
            NDArray w = m.create(slice(wEncAFD, a * f * d), new Shape(a, f, d));
            NDArray pre = x.batchMatMul(w.transpose(0, 2, 1)).addi(m.create(slice(biasAF, a * f), new Shape(a, 1, f)));
            pre.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(preANF, 0, a * n * f);
        }
    }

    private static float[] slice(float[] v, int len) {
        return v.length == len ? v : java.util.Arrays.copyOf(v, len);
    }

    @Override
    public String name() {
        return "torch";
    }

    @Override
    public void close() {
        base.close();
    }
}
