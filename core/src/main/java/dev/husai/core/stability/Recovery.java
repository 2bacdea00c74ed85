package dev.husai.core.stability;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.LinearAssignment;
import dev.husai.core.align.Matching;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Recovery of a known dictionary by an SAE: exact matching of the SAE's unit decoder rows to the true atoms.
 *
 * <p>Row-normalise the decoder {@code W [F, D]} and the truth {@code T [T, D]}, {@code C = T_hat W_hat^T [T, F]},
 * maximum-weight one-to-one assignment ({@link LinearAssignment}, Jonker-Volgenant; {@code min(T, F)} pairs). With
 * {@code c_t} the matched cosine of true atom t, and {@code c_t = 0} for atoms left unmatched when {@code F < T}:
 * <ul>
 *   <li>{@code mccVsTruth = (1/T) sum_t c_t} (the mean is over the TRUE atoms; Song et al. 2025 MCC against the
 *   ground truth);</li>
 *   <li>{@code recoveredFraction = |{t : c_t >= tau}| / T}.</li>
 * </ul>
 * {@link #baseline} gives the same numbers for random unit dictionaries of the SAE's shape.
 *
 * @param mccVsTruth        mean matched cosine over the true atoms, in [-1, 1]
 * @param recoveredFraction share of true atoms matched at cosine >= tau, in [0, 1]
 * @param trueAtoms         T
 * @param latents           F
 */
public record Recovery(double mccVsTruth, double recoveredFraction, int trueAtoms, int latents) {
    /** Random dictionaries averaged in {@link #baseline}. */
    public static final int BASELINE_DRAWS = 5;

    public Recovery {
        if (trueAtoms < 1 || latents < 1) {
            throw new IllegalArgumentException("expected T, F >= 1, found T " + trueAtoms + ", F " + latents);
        }
        if (!(recoveredFraction >= 0 && recoveredFraction <= 1)) {
            throw new IllegalArgumentException("expected a recovered fraction in [0, 1], found " + recoveredFraction);
        }
    }

    /**
     * Recovery of {@code truthTD} by {@code decoderFD}.
     *
     * @param decoderFD SAE decoder {@code [F, D]}, any row norms
     * @param truthTD   true atoms {@code [T, D]}, same D
     * @param tau       recovery threshold on the cosine (e.g. {@link PairMetrics#DEFAULT_TAU})
     */
    public static Recovery of(FloatMatrix decoderFD, FloatMatrix truthTD, double tau) {
        Matching m = LinearAssignment.maximize(CosineMatrix.of(truthTD, decoderFD));
        int recovered = 0;
        for (float c : m.cosines()) {
            recovered += c >= tau ? 1 : 0;
        }
        int t = truthTD.rows();
        return new Recovery(m.total() / t, recovered / (double) t, t, decoderFD.rows());
    }

    /**
     * Chance level: the mean of {@link #of} over {@link #BASELINE_DRAWS} random unit dictionaries
     * {@code [F, D]} ({@link Baselines#randomUnit}, seeds {@code seed, seed + 1, ...}).
     */
    public static Recovery baseline(int latents, FloatMatrix truthTD, double tau, long seed) {
        double mcc = 0;
        double frac = 0;
        for (int k = 0; k < BASELINE_DRAWS; k++) {
            Recovery r = of(Baselines.randomUnit(latents, truthTD.cols(), seed + k), truthTD, tau);
            mcc += r.mccVsTruth();
            frac += r.recoveredFraction();
        }
        return new Recovery(mcc / BASELINE_DRAWS, frac / BASELINE_DRAWS, truthTD.rows(), latents);
    }
}
