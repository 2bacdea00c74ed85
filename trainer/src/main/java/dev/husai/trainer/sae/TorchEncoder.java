package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The dense part of a step on PyTorch (through DJL), for A seeds at once: one batched matmul
 * {@code pre [A, N, F] = X [A, N, D] @ W_enc [A, D, F] + bias [A, 1, F]} and the selection of active latents,
 * returned as sparse {@link Codes}. Stateless between calls (Java owns the parameters); no autograd.
 * Selections:
 * <ul>
 *   <li>{@code topK}: the k largest pre-activations per row, kept when positive (TopK SAE);</li>
 *   <li>{@code batchTopK}: the k*N largest positive pre-activations over the whole batch of a seed
 *       (BatchTopK training, Bussmann et al. 2024);</li>
 *   <li>{@code threshold}: every pre-activation above a per-seed threshold (ReLU: 0; BatchTopK at inference).</li>
 * </ul>
 * Optionally also AuxK codes: the top {@code kAux} pre-activations among each seed's dead latents.
 */
final class TorchEncoder implements AutoCloseable {
    /** Added to alive latents' pre-activations so that AuxK's top-k only sees dead ones. */
    private static final float ALIVE_PENALTY = -1e30f;

    enum Mode { TOP_K, BATCH_TOP_K, THRESHOLD }

    /** What to select: the mode, k, and per-seed thresholds for {@link Mode#THRESHOLD}. */
    record Selection(Mode mode, int k, float[] thresholdsA) {
    }

    /** Main and (optional, else null) AuxK codes per active seed. */
    record Encoded(Codes[] main, Codes[] aux) {
    }

    private final NDManager base = NDManager.newBaseManager();
    private final int d;
    private final int f;

    TorchEncoder(int d, int f) {
        this.d = d;
        this.f = f;
    }

    /**
     * @param xAND      stacked rows, exactly {@code a * n * d} values
     * @param wEncAFD   stacked transposed encoders, exactly {@code a * f * d} values
     * @param biasAF    folded biases ({@link SeedState#foldedBias}), exactly {@code a * f} values
     * @param deadAF    1 for dead latents, 0 for alive ({@code a * f}); null = no AuxK
     */
    Encoded encode(float[] xAND, int a, int n, float[] wEncAFD, float[] biasAF, Selection sel, float[] deadAF, int kAux) {
        try (NDManager m = base.newSubManager()) {
            NDArray x = m.create(xAND, new Shape(a, n, d));
            NDArray w = m.create(wEncAFD, new Shape(a, f, d));
            NDArray pre = x.batchMatMul(w.transpose(0, 2, 1)).addi(m.create(biasAF, new Shape(a, 1, f)));
            Codes[] main = switch (sel.mode()) {
                case TOP_K -> topK(pre, a, n, sel.k());
                case BATCH_TOP_K -> batchTopK(pre, a, n, sel.k());
                case THRESHOLD -> threshold(m, pre, a, n, sel.thresholdsA());
            };
            Codes[] aux = null;
            if (deadAF != null) {
                float[] penalty = new float[a * f];
                for (int i = 0; i < penalty.length; i++) {
                    penalty[i] = deadAF[i] > 0 ? 0f : ALIVE_PENALTY;
                }
                aux = topK(pre.addi(m.create(penalty, new Shape(a, 1, f))), a, n, Math.min(kAux, f));
            }
            return new Encoded(main, aux);
        }
    }

    private Codes[] topK(NDArray pre, int a, int n, int k) {
        NDList top = pre.topK(k, 2, true, false);
        float[] vals = top.get(0).toFloatArray();
        int[] idx = top.get(1).toType(DataType.INT32, false).toIntArray();
        Codes[] out = new Codes[a];
        for (int s = 0; s < a; s++) {
            out[s] = Codes.fromTopK(n, k, idx, vals, s * n * k);
        }
        return out;
    }

    private Codes[] batchTopK(NDArray pre, int a, int n, int k) {
        int kn = (int) Math.min((long) k * n, (long) n * f);
        NDList top = pre.reshape(a, (long) n * f).topK(kn, 1, true, false);
        float[] vals = top.get(0).toFloatArray();
        int[] idx = top.get(1).toType(DataType.INT32, false).toIntArray();
        int[] rowOf = new int[idx.length];
        int[] colOf = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            rowOf[i] = idx[i] / f;
            colOf[i] = idx[i] % f;
        }
        Codes[] out = new Codes[a];
        for (int s = 0; s < a; s++) {
            out[s] = Codes.fromTriples(n, rowOf, colOf, vals, s * kn, (s + 1) * kn);
        }
        return out;
    }

    private Codes[] threshold(NDManager m, NDArray pre, int a, int n, float[] thresholdsA) {
        NDArray mask = pre.gt(m.create(thresholdsA, new Shape(a, 1, 1)));
        float[] vals = pre.booleanMask(mask).toFloatArray();
        int[] where = mask.nonzero().toType(DataType.INT32, false).toIntArray();
        int nnz = vals.length;
        int[] rowOf = new int[nnz];
        int[] colOf = new int[nnz];
        int[] bounds = new int[a + 1];
        for (int i = 0; i < nnz; i++) {
            rowOf[i] = where[3 * i + 1];
            colOf[i] = where[3 * i + 2];
            bounds[where[3 * i] + 1]++;
        }
        for (int s = 0; s < a; s++) {
            bounds[s + 1] += bounds[s];
        }
        Codes[] out = new Codes[a];
        for (int s = 0; s < a; s++) {
            out[s] = Codes.fromTriples(n, rowOf, colOf, vals, bounds[s], bounds[s + 1]);
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
    }
}
