package dev.husai.core.synth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A synthetic domain: how many rows, dimensions and true atoms, and how rows switch atoms on.
 *
 * <ul>
 *   <li>{@link Domain#SONG} (Song et al. 2025, arXiv 2505.20254): D 16, T 32 Gaussian-then-normalised atoms,
 *   every row has exactly {@code activePerRow} = 3 distinct atoms drawn uniformly, coefficients uniform on (0, 1],
 *   N 50,000, no noise.</li>
 *   <li>{@link Domain#SYNTHBENCH} (after SynthSAEBench, Chanin et al. 2026): D 64, T = 4 D; atom i fires with
 *   Zipfian probability {@code p_i = min(1, c (i+1)^-alpha)}, {@code c} chosen so {@code sum_i p_i = meanL0} before
 *   clipping; the last {@code children} atoms are children: child {@code T - children + j} of parent {@code j}
 *   fires only when its parent fires, with conditional probability {@code p_child / p_parent} (so its marginal is
 *   {@code p_child}), and its direction has cosine {@code childCosine} with its parent's; coefficients uniform on
 *   (0, 1]; Gaussian noise of standard deviation {@code noiseStd} per coordinate.</li>
 * </ul>
 *
 * @param domain       which generator
 * @param d            input dimension D, >= 2
 * @param atoms        number of true atoms T, >= 2
 * @param rows         number of rows N, >= 1
 * @param activePerRow SONG: exact active atoms per row, in [1, T]; 0 for SYNTHBENCH
 * @param meanL0       SYNTHBENCH: target mean active atoms per row, in (0, T]
 * @param zipfAlpha    SYNTHBENCH: Zipf exponent alpha >= 0
 * @param children     SYNTHBENCH: child atoms, in [0, T/2]
 * @param childCosine  SYNTHBENCH: cosine of each child with its parent, in [0, 1)
 * @param noiseStd     standard deviation of additive Gaussian noise, >= 0
 * @param seed         generator seed (atoms, coefficients and noise are a function of the spec)
 */
public record SynthSpec(Domain domain, int d, int atoms, int rows, int activePerRow, double meanL0, double zipfAlpha,
                        int children, double childCosine, double noiseStd, long seed) {

    /** The two generators. */
    public enum Domain {
        SONG, SYNTHBENCH;

        /** Lower-case CLI / metadata name. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code song} or {@code synthbench}. */
        public static Domain parse(String name) {
            for (Domain dm : values()) {
                if (dm.wireName().equals(name)) {
                    return dm;
                }
            }
            throw new IllegalArgumentException("expected a domain song or synthbench, found " + name);
        }
    }

    public SynthSpec {
        if (domain == null) {
            throw new IllegalArgumentException("expected a domain, found null");
        }
        require(d >= 2, "d >= 2", d);
        require(atoms >= 2, "atoms >= 2", atoms);
        require(rows >= 1, "rows >= 1", rows);
        require(noiseStd >= 0 && Double.isFinite(noiseStd), "noise std >= 0", noiseStd);
        if (domain == Domain.SONG) {
            require(activePerRow >= 1 && activePerRow <= atoms, "active atoms per row in [1, " + atoms + "]", activePerRow);
        } else {
            require(meanL0 > 0 && meanL0 <= atoms, "mean L0 in (0, " + atoms + "]", meanL0);
            require(zipfAlpha >= 0 && Double.isFinite(zipfAlpha), "Zipf alpha >= 0", zipfAlpha);
            require(children >= 0 && children <= atoms / 2, "children in [0, " + atoms / 2 + "]", children);
            require(childCosine >= 0 && childCosine < 1, "child cosine in [0, 1)", childCosine);
        }
    }

    /** Song et al.'s model organism: D 16, T 32, 3 active atoms per row, N 50,000. */
    public static SynthSpec song(long seed) {
        return new SynthSpec(Domain.SONG, 16, 32, 50_000, 3, 3, 0, 0, 0, 0, seed);
    }

    /** The harder domain: D 64, T 256, mean L0 8, alpha 0.5, 64 children at cosine 0.4, noise 0.01, N 50,000. */
    public static SynthSpec synthbench(long seed) {
        return new SynthSpec(Domain.SYNTHBENCH, 64, 256, 50_000, 0, 8, 0.5, 64, 0.4, 0.01, seed);
    }

    /** The default spec of {@code domain}. */
    public static SynthSpec of(Domain domain, long seed) {
        return domain == Domain.SONG ? song(seed) : synthbench(seed);
    }

    /** This spec with other sizes; for SYNTHBENCH the children scale to T/4 when T changes. */
    public SynthSpec withSizes(int newD, int newAtoms, int newRows) {
        int kids = domain == Domain.SYNTHBENCH && newAtoms != atoms ? newAtoms / 4 : children;
        return new SynthSpec(domain, newD, newAtoms, newRows, activePerRow, meanL0, zipfAlpha, kids, childCosine,
                noiseStd, seed);
    }

    /** The parameters as string metadata (for the truth file). */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("domain", domain.wireName());
        m.put("d_in", Integer.toString(d));
        m.put("atoms", Integer.toString(atoms));
        m.put("rows", Integer.toString(rows));
        m.put("seed", Long.toString(seed));
        m.put("noise_std", Double.toString(noiseStd));
        if (domain == Domain.SONG) {
            m.put("active_per_row", Integer.toString(activePerRow));
            m.put("coefficients", "uniform(0,1]");
        } else {
            m.put("mean_l0", Double.toString(meanL0));
            m.put("zipf_alpha", Double.toString(zipfAlpha));
            m.put("children", Integer.toString(children));
            m.put("child_cosine", Double.toString(childCosine));
            m.put("coefficients", "uniform(0,1]");
        }
        return m;
    }

    private static void require(boolean ok, String expected, Number found) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + expected + ", found " + found);
        }
    }
}
