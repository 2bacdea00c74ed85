package dev.husai.core.sweep;

import dev.husai.core.geometry.DirectionClusters;
import dev.husai.core.geometry.EffectiveDimension;
import dev.husai.core.geometry.Interference;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Geometry of a group's <em>shared</em> latents (found, at tau, in at least one other seed: partner count >= 1) against
 * its <em>orphans</em> (partner count 0), each a mean over seeds of per-seed figures (NaN where no seed has a latent of
 * that class):
 * <ul>
 *   <li>interference: mean over the class's latents of {@code max_{j != i} |cos(d_i, d_j)|} within the same SAE
 *       (decoder rows; how crowded a latent's direction is);</li>
 *   <li>effective dimension: participation ratio of the class's decoder rows
 *       ({@link EffectiveDimension#ofSubset});</li>
 *   <li>clustered: share of the class's latents in a direction cluster of 2 or more ({@link DirectionClusters}, at the
 *       analysis' threshold);</li>
 *   <li>in family: share of the class's latents that belong to a key frequency's Fourier family (testbed only, NaN
 *       elsewhere).</li>
 * </ul>
 *
 * @param sharedShare        share of latents that are shared, mean over seeds
 * @param sharedInterference mean max |cos| to another latent, shared latents
 * @param orphanInterference the same for orphans
 * @param sharedEffDim       participation ratio of the shared latents' decoder rows
 * @param orphanEffDim       the same for orphans
 * @param sharedClustered    share of shared latents in a multi-latent direction cluster
 * @param orphanClustered    the same for orphans
 * @param sharedInFamily     share of shared latents in a key-frequency family (NaN without the testbed)
 * @param orphanInFamily     the same for orphans
 */
public record GeometryFigures(double sharedShare, double sharedInterference, double orphanInterference,
                              double sharedEffDim, double orphanEffDim, double sharedClustered, double orphanClustered,
                              double sharedInFamily, double orphanInFamily) {

    /** Widest dictionary with figures beyond the shared share (8,192 latents); wider: NaN. */
    public static final int MAX_LATENTS = 8192;

    /**
     * One seed's inputs, from its analysis (no Gram matrix is formed here).
     *
     * @param decoderFD    decoder rows {@code [F, D]}
     * @param partnerCount {@code [F]} number of other seeds in which each latent has a partner at tau
     * @param interference the seed's decoder interference (its {@link Interference#maxAbsPerLatent()})
     * @param clusters     the seed's direction clusters
     * @param inFamily     {@code [F]} whether each latent is in a key frequency's family, or null without a testbed
     */
    public record Seed(FloatMatrix decoderFD, int[] partnerCount, Interference interference, DirectionClusters clusters,
                       boolean[] inFamily) {
    }

    /** The figures over {@code seeds}. */
    public static GeometryFigures of(List<Seed> seeds) {
        double[][] perSeed = seeds.stream().map(GeometryFigures::ofSeed).toArray(double[][]::new);
        double[] mean = new double[9];
        for (int m = 0; m < mean.length; m++) {
            final int metric = m;
            mean[m] = Arrays.stream(perSeed).mapToDouble(r -> r[metric]).filter(Double::isFinite).average()
                    .orElse(Double.NaN);
        }
        return new GeometryFigures(mean[0], mean[1], mean[2], mean[3], mean[4], mean[5], mean[6], mean[7], mean[8]);
    }

    private static double[] ofSeed(Seed s) {
        int f = s.decoderFD().rows();
        int[] shared = select(f, i -> s.partnerCount()[i] > 0);
        int[] orphans = select(f, i -> s.partnerCount()[i] == 0);
        double[] out = new double[9];
        Arrays.fill(out, Double.NaN);
        out[0] = shared.length / (double) f;
        if (f < 2 || f > MAX_LATENTS) {
            return out;
        }
        float[] maxCos = s.interference().maxAbsPerLatent();
        DirectionClusters clusters = s.clusters();
        boolean[] clustered = new boolean[f];
        for (int i = 0; i < f; i++) {
            clustered[i] = clusters.sizes()[clusters.labels()[i]] >= 2;
        }
        out[1] = mean(shared, i -> maxCos[i]);
        out[2] = mean(orphans, i -> maxCos[i]);
        out[3] = shared.length >= 2 ? EffectiveDimension.ofSubset(s.decoderFD(), shared) : Double.NaN;
        out[4] = orphans.length >= 2 ? EffectiveDimension.ofSubset(s.decoderFD(), orphans) : Double.NaN;
        out[5] = mean(shared, i -> clustered[i] ? 1 : 0);
        out[6] = mean(orphans, i -> clustered[i] ? 1 : 0);
        if (s.inFamily() != null) {
            out[7] = mean(shared, i -> s.inFamily()[i] ? 1 : 0);
            out[8] = mean(orphans, i -> s.inFamily()[i] ? 1 : 0);
        }
        return out;
    }

    private static int[] select(int f, IntPredicate keep) {
        return java.util.stream.IntStream.range(0, f).filter(keep).toArray();
    }

    private static double mean(int[] indices, java.util.function.IntToDoubleFunction value) {
        return indices.length == 0 ? Double.NaN : Arrays.stream(indices).mapToDouble(value).average().orElse(Double.NaN);
    }
}
