package dev.husai.stream.analysis;

import java.util.Locale;

/**
 * Which one-to-one matcher the live analysis uses. {@link #EXACT} is the optimum (Jonker-Volgenant);
 * {@link #GREEDY} is an APPROXIMATION (total never above the optimum) that keeps up with live streams at
 * large widths; {@link #AUTO} uses exact up to {@code exactMaxLatents} latents and greedy above. Every pair
 * point says which method produced it ({@code method} field).
 */
public enum MatcherChoice {
    EXACT, GREEDY, AUTO;

    /** Parses a case-insensitive name. */
    public static MatcherChoice parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected matcher exact, greedy or auto, found " + s);
        }
    }
}
