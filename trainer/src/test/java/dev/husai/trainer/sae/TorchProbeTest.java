package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TorchProbeTest {
    @Test
    void probe() {
        System.out.println("engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        for (int a : new int[] {1, 8}) {
            int n = 4096, d = 128, f = 1024;
            float[] x = new float[a * n * d];
            float[] w = new float[a * f * d];
            Random r = new Random(0);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            try (NDManager base = NDManager.newBaseManager()) {
                long[] t = new long[6];
                for (int it = 0; it < 25; it++) {
                    if (it == 5) java.util.Arrays.fill(t, 0);
                    try (NDManager m = base.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDArray xa = m.create(x, new Shape(a, n, d));
                        NDArray wa = m.create(w, new Shape(a, f, d));
                        long t1 = System.nanoTime();
                        NDArray pre = xa.batchMatMul(wa.transpose(0, 2, 1));
                        pre.getFloat(0, 0, 0);
                        long t2 = System.nanoTime();
                        NDArray pre2 = xa.matMul(wa.transpose(0, 2, 1));
                        pre2.getFloat(0, 0, 0);
                        long t3 = System.nanoTime();
                        NDList top = pre.topK(32, 2, true, false);
                        top.get(0).getFloat(0, 0, 0);
                        long t4 = System.nanoTime();
                        float[] v = top.get(0).toFloatArray();
                        int[] idx = top.get(1).toType(DataType.INT32, false).toIntArray();
                        long t5 = System.nanoTime();
                        t[0] += t1 - t0; t[1] += t2 - t1; t[2] += t3 - t2; t[3] += t4 - t3; t[4] += t5 - t4;
                    }
                }
                System.out.printf("A=%d create %.1f bmm %.1f matmul %.1f topk %.1f download %.1f ms%n", a,
                        t[0] / 20e6, t[1] / 20e6, t[2] / 20e6, t[3] / 20e6, t[4] / 20e6);
            }
        }
    }
}
