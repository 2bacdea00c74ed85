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
        int f = config.dSae();
        int k = latents != null ? kAux : config.k();
        Codes.Builder b = new Codes.Builder(rows, rows * Math.min(k, 64));
        Selection.Scratch scratch = new Selection.Scratch(f);
        for (int r = 0; r < rows; r++) {
            if (latents != null || config.arch() == Arch.TOPK) {
                Selection.topK(pre, off + r * f, f, latents, latents == null ? 0 : latents.length, k, scratch, b);
            } else {
                Selection.above(pre, off + r * f, f, tau, b);
            }
        }
        return b.build();
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
}
