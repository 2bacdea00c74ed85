package dev.husai.core.sweep;

import java.util.function.ToDoubleFunction;

/** The stability responses the report ranks and explains, each read off a {@link GroupResult}. */
public enum Measure {
    /** Raw decoder PW-MCC minus its random baseline. */
    RAW_PW_MCC_EXCESS("raw PW-MCC excess", g -> g.raw().excessPwMcc()),
    /** Raw shared fraction at tau. */
    RAW_SHARED("raw shared fraction", g -> g.raw().shared().mean()),
    /** PW-MCC inside the data subspace minus its random baseline. */
    SPAN_PW_MCC_EXCESS("in-span PW-MCC excess", g -> g.span().excessPwMcc()),
    /** Shared fraction inside the data subspace minus its chance level. */
    SPAN_SHARED_EXCESS("in-span shared fraction excess", g -> g.span().excessShared()),
    /** Subspace overlap of the key frequencies' latent families minus its random level. */
    FAMILY_OVERLAP_EXCESS("feature-family overlap excess", g -> g.families() == null ? Double.NaN : g.families().excess());

    private final String label;
    private final ToDoubleFunction<GroupResult> read;

    Measure(String label, ToDoubleFunction<GroupResult> read) {
        this.label = label;
        this.read = read;
    }

    public String label() {
        return label;
    }

    public double of(GroupResult g) {
        return read.applyAsDouble(g);
    }

    /** Per-pair values of this measure (excess measures subtract the group's baseline), {@code [P]}. */
    public double[] pairValues(GroupResult g) {
        return switch (this) {
            case RAW_PW_MCC_EXCESS -> minus(g.raw().pairPwMcc(), g.raw().baselinePwMcc());
            case RAW_SHARED -> g.raw().pairShared().clone();
            case SPAN_PW_MCC_EXCESS -> minus(g.span().pairPwMcc(), g.span().baselinePwMcc());
            case SPAN_SHARED_EXCESS -> minus(g.span().pairShared(), g.span().chanceShared());
            case FAMILY_OVERLAP_EXCESS -> g.families() == null ? new double[0] : java.util.Arrays.stream(
                    minus(g.families().pairOverlap(), g.families().baseline())).filter(Double::isFinite).toArray();
        };
    }

    private static double[] minus(double[] v, double b) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - b;
        }
        return out;
    }
}
