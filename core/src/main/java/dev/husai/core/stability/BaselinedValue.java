package dev.husai.core.stability;

/**
 * A stability number next to its chance level.
 *
 * @param value    observed value (e.g. PW-MCC of two trained SAEs)
 * @param baseline the same metric on a baseline pair with the same shapes
 * @param excess   {@code value - baseline}
 */
public record BaselinedValue(double value, double baseline, double excess) {

    public BaselinedValue {
        if (Math.abs(excess - (value - baseline)) > 1e-9 * Math.max(1, Math.abs(value) + Math.abs(baseline))) {
            throw new IllegalArgumentException("expected excess = value - baseline = " + (value - baseline)
                    + ", found " + excess);
        }
    }

    /** {@code value} beside {@code baseline}, with the excess computed. */
    public static BaselinedValue of(double value, double baseline) {
        return new BaselinedValue(value, baseline, value - baseline);
    }

    /**
     * Excess as a share of the headroom above the baseline, {@code (value - baseline) / (1 - baseline)}:
     * 0 at chance, 1 at perfect agreement; NaN when the baseline is already 1.
     */
    public double normalizedExcess() {
        return baseline < 1 ? excess / (1 - baseline) : Double.NaN;
    }
}
