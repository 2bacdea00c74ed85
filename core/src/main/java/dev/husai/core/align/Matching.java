package dev.husai.core.align;

import java.util.Arrays;

/**
 * A one-to-one matching between the latents of two dictionaries: K pairs {@code (rows[k], cols[k])}
 * with their cosines, sorted by row. {@code K = min(F, G)} for both methods.
 *
 * @param rows    latent index in dictionary A, strictly increasing, {@code [K]}
 * @param cols    matched latent index in dictionary B, distinct, {@code [K]}
 * @param cosines {@code C[rows[k], cols[k]]}, {@code [K]}
 * @param total   sum of the cosines, accumulated in double
 * @param method  {@link Method#EXACT} (optimal) or {@link Method#GREEDY} (an approximation)
 */
public record Matching(int[] rows, int[] cols, float[] cosines, double total, Method method) {

    /** How the matching was found. */
    public enum Method {
        /** Maximum-weight one-to-one assignment (Jonker-Volgenant): the optimum. */
        EXACT,
        /** Greedy by descending cosine: a fast APPROXIMATION, total &lt;= the exact optimum. */
        GREEDY
    }

    public Matching {
        if (rows == null || cols == null || cosines == null || method == null) {
            throw new IllegalArgumentException("expected non-null rows, cols, cosines and method, found a null");
        }
        if (rows.length != cols.length || rows.length != cosines.length) {
            throw new IllegalArgumentException("expected rows, cols, cosines of equal length, found "
                    + rows.length + ", " + cols.length + ", " + cosines.length);
        }
        for (int k = 1; k < rows.length; k++) {
            if (rows[k] <= rows[k - 1]) {
                throw new IllegalArgumentException("expected strictly increasing rows, found " + rows[k - 1]
                        + " then " + rows[k] + " at " + k);
            }
        }
    }

    /** Number of matched pairs K. */
    public int size() {
        return rows.length;
    }

    /** Mean matched cosine {@code total / K} (this is PW-MCC when the inputs are decoders); 0 if K = 0. */
    public double mean() {
        return rows.length == 0 ? 0.0 : total / rows.length;
    }

    /** For each row of A ({@code [F]}), its partner column in B, or -1 when unmatched. */
    public int[] partnerOfRow(int f) {
        int[] out = new int[f];
        Arrays.fill(out, -1);
        for (int k = 0; k < rows.length; k++) {
            out[rows[k]] = cols[k];
        }
        return out;
    }

    /** For each row of A ({@code [F]}), its matched cosine, or NaN when unmatched. */
    public float[] cosineOfRow(int f) {
        float[] out = new float[f];
        Arrays.fill(out, Float.NaN);
        for (int k = 0; k < rows.length; k++) {
            out[rows[k]] = cosines[k];
        }
        return out;
    }

    /**
     * Builds a matching from a row-to-column map, reading cosines from {@code cosFG}.
     *
     * @param colOfRow {@code [F]}, -1 for unmatched rows
     */
    static Matching fromColOfRow(int[] colOfRow, float[] cosFG, int g, Method method) {
        int k = 0;
        for (int c : colOfRow) {
            k += c >= 0 ? 1 : 0;
        }
        int[] rows = new int[k];
        int[] cols = new int[k];
        float[] cos = new float[k];
        double total = 0;
        int p = 0;
        for (int r = 0; r < colOfRow.length; r++) {
            if (colOfRow[r] >= 0) {
                rows[p] = r;
                cols[p] = colOfRow[r];
                cos[p] = cosFG[r * g + colOfRow[r]];
                total += cos[p];
                p++;
            }
        }
        return new Matching(rows, cols, cos, total, method);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matching m && m.method == method && Double.compare(m.total, total) == 0
                && Arrays.equals(m.rows, rows) && Arrays.equals(m.cols, cols) && Arrays.equals(m.cosines, cosines);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols);
    }

    @Override
    public String toString() {
        return "Matching[" + method + ", K=" + rows.length + ", total=" + total + "]";
    }
}
