package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;

/**
 * {@link DenseKernel} on PyTorch through DJL: one batched matmul for all seeds, no autograd. Inputs reach PyTorch
 * through reused direct buffers ({@link DirectStaging}) and the result is read in place, so a step allocates no
 * native memory that waits for the garbage collector.
 */
final class TorchKernel implements DenseKernel {
    private final NDManager base = NDManager.newBaseManager();
    private final DirectStaging xStaging = new DirectStaging();
    private final DirectStaging wStaging = new DirectStaging();
    private final DirectStaging biasStaging = new DirectStaging();

    @Override
    public void preActivations(float[] xAND, float[][] wEncFD, float[] biasAF, int a, int n, int d, int f, float[] preANF) {
        try (NDManager m = base.newSubManager()) {
            NDArray x = m.create(xStaging.stage(xAND, a * n * d), new Shape(a, n, d), DataType.FLOAT32);
            NDArray w = m.create(wStaging.stage(wEncFD, a, f * d), new Shape(a, f, d), DataType.FLOAT32);
            NDArray bias = m.create(biasStaging.stage(biasAF, a * f), new Shape(a, 1, f), DataType.FLOAT32);
            NDArray pre = x.batchMatMul(w.transpose(0, 2, 1)).addi(bias);
            pre.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(preANF, 0, a * n * f);
        }
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
