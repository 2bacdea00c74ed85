package dev.husai.trainer.sae;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;

/**
 * The training selection of each arch over a run of rows of one seed's pre-activations {@code pre [N, F]}, built from
 * {@link Selection}'s rules: TopK per row, BatchTopK and Matryoshka above the batch's cut, ReLU above 0, JumpReLU above
 * each latent's theta (with the near-threshold entries its estimator needs), AuxK's top k_aux among dead latents.
 */
final class TrainingCodes {
    private TrainingCodes() {
    }

    /**
     * Codes of {@code rows} rows of {@code pre} at {@code off}: the training selection of the arch, or with
     * {@code latents} given, AuxK's top {@code kAux} among those latents.
     */
    static Codes select(SaeConfig config, float[] pre, int off, int rows, float tau, int[] latents, int kAux) {
        return select(config, pre, off, rows, tau, latents, kAux, new Selection.Scratch(config.dSae()));
    }

    /** {@link #select} with the caller's scratch (its cut guess carried on; the codes do not depend on it). */
    static Codes select(SaeConfig config, float[] pre, int off, int rows, float tau, int[] latents, int kAux,
                        Selection.Scratch scratch) {
        Codes.Builder b = builder(config, rows, latents, kAux);
        selectInto(config, pre, off, rows, tau, latents, kAux, scratch, b);
        return b.build();
    }

    /**
     * A builder sized for {@link #select}'s codes of {@code rows} rows (BatchTopK's codes: about k a row; the fused
     * path's candidates above a lower cut about 1.5 k, so room for 2 k).
     */
    static Codes.Builder builder(SaeConfig config, int rows, int[] latents, int kAux) {
        int k = latents != null ? kAux : config.k();
        int perRow = latents == null && config.arch().batchTopK() ? Math.min(2 * k, config.dSae()) : Math.min(k, 64);
        return new Codes.Builder(rows, rows * perRow);
    }

    /**
     * {@link #select}'s rows appended to {@code out}, with the caller's {@code scratch}: a run of rows may come in
     * blocks (the fused TopK path of {@link BlasEngine}); the codes do not depend on how it is cut.
     */
    static void selectInto(SaeConfig config, float[] pre, int off, int rows, float tau, int[] latents, int kAux,
                           Selection.Scratch scratch, Codes.Builder out) {
        int f = config.dSae();
        int k = latents != null ? kAux : config.k();
        for (int r = 0; r < rows; r++) {
            if (latents != null || config.arch() == Arch.TOPK) {
                Selection.topK(pre, off + r * f, f, latents, latents == null ? 0 : latents.length, k, scratch, out);
            } else {
                Selection.above(pre, off + r * f, f, tau, out);
            }
        }
    }

    /** JumpReLU's codes ({@code pre_f > theta_f}) and the pre-activations near theta, of {@code rows} rows. */
    static Codes[] jump(SaeConfig config, float[] pre, int off, int rows, JumpTerms terms) {
        int f = config.dSae();
        Codes.Builder out = new Codes.Builder(rows, rows * Math.min(config.k(), 64));
        Codes.Builder near = new Codes.Builder(rows, rows);
        for (int r = 0; r < rows; r++) {
            Selection.jump(pre, off + r * f, f, terms.thetaF(), terms.halfBand(), out, near);
        }
        return new Codes[] {out.build(), near.build()};
    }

    /**
     * The entries of {@code candidates} above {@code tau}, row by row in their order, compacted in place (the candidates'
     * arrays become the codes'): BatchTopK's codes from the values gathered above a lower cut ({@link BlasEngine}'s
     * fused path), the same as {@link Selection#above} on the rows.
     */
    static Codes above(Codes candidates, float tau) {
        int[] ptr = candidates.rowPtr();
        int[] col = candidates.col();
        float[] val = candidates.val();
        int at = 0;
        int from = 0;
        for (int r = 0; r < candidates.rows(); r++) {
            int to = ptr[r + 1];
            for (int i = from; i < to; i++) {
                float v = val[i];
                col[at] = col[i];
                val[at] = v;
                at += v > tau ? 1 : 0;
            }
            from = to;
            ptr[r + 1] = at;
        }
        return candidates;
    }
}
