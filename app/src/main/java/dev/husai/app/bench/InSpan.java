package dev.husai.app.bench;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.geometry.DataSubspace;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * The in-span case of {@code husai bench align --from}: both dictionaries projected on the top-r principal
 * directions of their own decoder rows (stacked, {@code [F + G, D]}; {@link DataSubspace}) and renormalised, so the
 * cosine matrix is the one an in-span summary matches when the data fill about r directions (resid_post: 99% of
 * the variance in 8). Many near-ties: the hard case for an assignment solver.
 */
final class InSpan {

    private InSpan() {
    }

    /**
     * @param aFD unit rows {@code [F, D]}
     * @param bGD unit rows {@code [G, D]}
     * @param r   rank, {@code 1 <= r <= D}
     * @return {@code {A', B'}}, unit rows {@code [F, r]} and {@code [G, r]}
     */
    static FloatMatrix[] project(FloatMatrix aFD, FloatMatrix bGD, int r) {
        int d = aFD.cols();
        if (r < 1 || r > d) {
            throw new IllegalArgumentException("expected a rank in [1, " + d + "], found " + r);
        }
        float[] both = Arrays.copyOf(aFD.data(), aFD.data().length + bGD.data().length);
        System.arraycopy(bGD.data(), 0, both, aFD.data().length, bGD.data().length);
        DataSubspace full = DataSubspace.of(new FloatMatrix(aFD.rows() + bGD.rows(), d, both), 1.0);
        int rank = Math.min(r, full.rank());
        FloatMatrix basis = new FloatMatrix(rank, d, Arrays.copyOf(full.basisRD().data(), rank * d));
        DataSubspace top = new DataSubspace(basis, full.eigenvalues(), Double.NaN);
        return new FloatMatrix[] {Dictionaries.normalizeRows(top.project(aFD)), Dictionaries.normalizeRows(top.project(bGD))};
    }
}
