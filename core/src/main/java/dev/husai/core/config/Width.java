package dev.husai.core.config;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A dictionary width as the user gave it: a number of latents d_sae ({@code --d-sae 8}, {@code d_sae: [8]}), or an
 * expansion d_sae / d_in ({@code --expansion 0.0625}) that {@link #dSae(int)} turns into latents. At most one of the
 * two is non-zero. The factories validate ({@link #latents(int)} the range of d_sae, {@link #expansion(double)} > 0);
 * the canonical constructor leaves a bad d_sae for {@link SaeConfig} to report.
 *
 * @param latents   d_sae as given, or 0 when the width is given as an expansion
 * @param expansion d_sae / d_in as given, or 0 when the width is given in latents
 */
public record Width(int latents, double expansion) {
    /** Tolerance on {@code expansion x d_in} being a whole number (relative to its size, at least absolute 1e-9). */
    static final double WHOLE_TOLERANCE = 1e-9;

    public Width {
        if (latents != 0 && expansion != 0) {
            throw new IllegalArgumentException("expected a width in latents or as an expansion, found d_sae " + latents
                    + " and expansion " + plain(expansion));
        }
        if (!(expansion >= 0 && Double.isFinite(expansion))) {
            throw new IllegalArgumentException("expected expansion > 0, found " + expansion);
        }
    }

    /** A width of {@code dSae} latents, in [{@value SaeConfig#MIN_D_SAE}, {@value SaeConfig#MAX_D_SAE}]. */
    public static Width latents(int dSae) {
        return new Width(SaeConfig.requireDSae(dSae), 0);
    }

    /** A width of {@code expansion x d_in} latents. */
    public static Width expansion(double expansion) {
        if (!(expansion > 0 && Double.isFinite(expansion))) {
            throw new IllegalArgumentException("expected expansion > 0, found " + expansion);
        }
        return new Width(0, expansion);
    }

    /**
     * The number of latents at input width {@code dIn}: d_sae as given, or {@code round(expansion x d_in)} when that
     * product is a whole number (within 1e-9); else an error, e.g. {@code expected expansion x d_in (128) to be a whole
     * number of latents, found 0.3 x 128 = 38.4}.
     */
    public int dSae(int dIn) {
        if (expansion == 0) {
            return latents;
        }
        double product = expansion * dIn;
        long whole = Math.round(product);
        if (Math.abs(product - whole) > WHOLE_TOLERANCE * Math.max(1, product) || whole > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected expansion x d_in (" + dIn + ") to be a whole number of latents, "
                    + "found " + plain(expansion) + " x " + dIn + " = " + plain(product));
        }
        return (int) whole;
    }

    /** A number without exponent or trailing zeros: {@code 8}, {@code 0.0625}. */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return expansion == 0 ? "d_sae " + latents : "expansion " + plain(expansion);
    }
}
