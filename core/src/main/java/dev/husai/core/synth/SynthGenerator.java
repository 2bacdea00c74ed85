package dev.husai.core.synth;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.stability.Baselines;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Seeded, deterministic generator of {@code X = Z T + sigma E} ({@code X [N, D]}, {@code Z [N, T]} non-negative
 * sparse codes, {@code T [T, D]} unit atoms, {@code E} standard Gaussian) for a {@link SynthSpec}.
 *
 * <p>Atoms: i.i.d. Gaussian rows normalised ({@link Baselines#randomUnit}, seed {@code spec.seed}); in D 16 the 32
 * atoms of the model organism are not orthogonal, as in Song et al. For SYNTHBENCH each child row {@code c} of parent
 * {@code p} is {@code t_c = rho t_p + sqrt(1 - rho^2) u}, {@code u} its Gaussian row made orthogonal to {@code t_p} and
 * normalised, so {@code cos(t_c, t_p) = rho} exactly. Codes come from one {@link SplittableRandom} stream
 * ({@code seed + 1}), noise from {@link Random} ({@code seed + 2}); X is built in blocks of {@value #BLOCK} rows
 * with one sgemm each, so Z is never held whole.
 */
public final class SynthGenerator {
    static final int BLOCK = 4096;

    private SynthGenerator() {
    }

    /** Atoms and activations of {@code spec}. */
    public static SynthData generate(SynthSpec spec) {
        FloatMatrix atomsTD = atoms(spec);
        FloatMatrix atomsDT = atomsTD.transpose();
        float[] p = firingProbabilities(spec);
        SplittableRandom codeRng = new SplittableRandom(spec.seed() + 1);
        Random noiseRng = new Random(spec.seed() + 2);
        int d = spec.d();
        float[] x = new float[Math.multiplyExact(spec.rows(), d)];
        for (int from = 0; from < spec.rows(); from += BLOCK) {
            int b = Math.min(BLOCK, spec.rows() - from);
            FloatMatrix blockBD = CosineMatrix.product(codes(spec, p, codeRng, b), atomsDT);
            System.arraycopy(blockBD.data(), 0, x, from * d, b * d);
        }
        if (spec.noiseStd() > 0) {
            for (int k = 0; k < x.length; k++) {
                x[k] += (float) (spec.noiseStd() * noiseRng.nextGaussian());
            }
        }
        return new SynthData(spec, atomsTD, new FloatMatrix(spec.rows(), d, x));
    }

    /** The codes {@code Z [N, T]} that {@link #generate} uses (whole; for tests and small N). */
    public static FloatMatrix codes(SynthSpec spec) {
        return codes(spec, firingProbabilities(spec), new SplittableRandom(spec.seed() + 1), spec.rows());
    }

    /** The unit atoms {@code T [T, D]}, children bent towards their parents for SYNTHBENCH. */
    public static FloatMatrix atoms(SynthSpec spec) {
        FloatMatrix t = Baselines.randomUnit(spec.atoms(), spec.d(), spec.seed());
        if (spec.domain() == SynthSpec.Domain.SYNTHBENCH) {
            for (int j = 0; j < spec.children(); j++) {
                bendTowards(t, spec.atoms() - spec.children() + j, j, spec.childCosine());
            }
        }
        return t;
    }

    /**
     * SYNTHBENCH marginal firing probabilities {@code p_i = min(1, c (i+1)^-alpha)} with
     * {@code c = meanL0 / sum_i (i+1)^-alpha}, {@code [T]}; SONG: {@code activePerRow / T} each (informative only).
     */
    public static float[] firingProbabilities(SynthSpec spec) {
        float[] p = new float[spec.atoms()];
        if (spec.domain() == SynthSpec.Domain.SONG) {
            java.util.Arrays.fill(p, spec.activePerRow() / (float) spec.atoms());
            return p;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.pow(i + 1, -spec.zipfAlpha());
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.min(1, spec.meanL0() * Math.pow(i + 1, -spec.zipfAlpha()) / sum);
        }
        return p;
    }

    /** Index of atom {@code i}'s parent, or -1 when it has none. */
    public static int parentOf(SynthSpec spec, int i) {
        int firstChild = spec.atoms() - spec.children();
        return spec.domain() == SynthSpec.Domain.SYNTHBENCH && i >= firstChild ? i - firstChild : -1;
    }

    private static FloatMatrix codes(SynthSpec spec, float[] p, SplittableRandom rng, int rows) {
        int t = spec.atoms();
        float[] z = new float[Math.multiplyExact(rows, t)];
        for (int r = 0; r < rows; r++) {
            if (spec.domain() == SynthSpec.Domain.SONG) {
                exactlyK(z, r * t, t, spec.activePerRow(), rng);
            } else {
                zipfRow(spec, p, z, r * t, rng);
            }
        }
        return new FloatMatrix(rows, t, z);
    }

    /** {@code k} distinct atoms uniformly (partial Fisher-Yates), coefficients uniform on (0, 1]. */
    private static void exactlyK(float[] z, int off, int t, int k, SplittableRandom rng) {
        int[] idx = new int[t];
        for (int i = 0; i < t; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(t - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
            z[off + idx[i]] = (float) (1 - rng.nextDouble());
        }
    }

    /** Roots fire with {@code p_i}; a child only with its parent, with {@code p_child / p_parent}. */
    private static void zipfRow(SynthSpec spec, float[] p, float[] z, int off, SplittableRandom rng) {
        for (int i = 0; i < p.length; i++) {
            int parent = parentOf(spec, i);
            double chance = parent < 0 ? p[i] : z[off + parent] > 0 ? p[i] / (double) p[parent] : 0;
            if (rng.nextDouble() < chance) {
                z[off + i] = (float) (1 - rng.nextDouble());
            }
        }
    }

    /** Row {@code c} of {@code t} becomes {@code rho t_p + sqrt(1 - rho^2) u}, u = its old row orthogonalised to t_p. */
    private static void bendTowards(FloatMatrix t, int c, int parent, double rho) {
        int d = t.cols();
        float[] a = t.data();
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += a[c * d + k] * a[parent * d + k];
        }
        double ss = 0;
        double[] u = new double[d];
        for (int k = 0; k < d; k++) {
            u[k] = a[c * d + k] - dot * a[parent * d + k];
            ss += u[k] * u[k];
        }
        double inv = Math.sqrt(1 - rho * rho) / Math.sqrt(ss);
        for (int k = 0; k < d; k++) {
            a[c * d + k] = (float) (rho * a[parent * d + k] + inv * u[k]);
        }
    }
}
