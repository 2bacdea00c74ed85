package dev.husai.core.geometry;

import dev.husai.core.align.CosineMatrix;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * Clusters of decoder directions: connected components of the graph on the F latents with an edge
 * {@code i - j} when {@code cos(d_i, d_j) >= threshold} (single linkage at that threshold; union-find over
 * the Gram matrix). Near-duplicate latents (feature splitting, absorbed features) form clusters of size > 1.
 *
 * @param threshold cosine threshold used
 * @param labels    {@code [F]} cluster id per latent, ids {@code 0..count-1} in order of first latent
 * @param sizes     {@code [count]} cluster sizes, indexed by id
 */
public record DirectionClusters(double threshold, int[] labels, int[] sizes) {

    public DirectionClusters {
        if (labels == null || sizes == null || Arrays.stream(sizes).sum() != labels.length) {
            throw new IllegalArgumentException("expected cluster sizes summing to the number of latents, found "
                    + (sizes == null ? "null" : Arrays.stream(sizes).sum()) + " vs " + (labels == null ? "null" : labels.length));
        }
    }

    /** Clusters the rows of {@code dictFD} at {@code threshold}. */
    public static DirectionClusters of(FloatMatrix dictFD, double threshold) {
        return ofGram(CosineMatrix.gram(dictFD), threshold);
    }

    /** Clusters read from a dictionary's cosine Gram matrix {@code gramFF [F, F]} ({@link CosineMatrix#gram}). */
    public static DirectionClusters ofGram(FloatMatrix gramFF, double threshold) {
        int f = gramFF.rows();
        if (gramFF.cols() != f) {
            throw new IllegalArgumentException("expected a square Gram matrix, found " + gramFF.shape());
        }
        float[] g = gramFF.data();
        int[] parent = new int[f];
        for (int i = 0; i < f; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < f; i++) {
            for (int j = i + 1; j < f; j++) {
                if (g[i * f + j] >= threshold) {
                    union(parent, i, j);
                }
            }
        }
        int[] labels = new int[f];
        int[] idOfRoot = new int[f];
        Arrays.fill(idOfRoot, -1);
        int count = 0;
        int[] sizes = new int[f];
        for (int i = 0; i < f; i++) {
            int r = find(parent, i);
            if (idOfRoot[r] < 0) {
                idOfRoot[r] = count++;
            }
            labels[i] = idOfRoot[r];
            sizes[labels[i]]++;
        }
        return new DirectionClusters(threshold, labels, Arrays.copyOf(sizes, count));
    }

    /** Number of clusters (singletons included). */
    public int count() {
        return sizes.length;
    }

    /** Size of the largest cluster. */
    public int largest() {
        return Arrays.stream(sizes).max().orElse(0);
    }

    /** Clusters with more than one latent. */
    public int multiLatentClusters() {
        return (int) Arrays.stream(sizes).filter(s -> s > 1).count();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectionClusters c && c.threshold == threshold && Arrays.equals(c.labels, labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "DirectionClusters[threshold=" + threshold + ", count=" + count() + ", largest=" + largest() + "]";
    }
}
