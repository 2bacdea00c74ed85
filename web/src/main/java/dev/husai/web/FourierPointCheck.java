package dev.husai.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Edge check of the analyzer's {@code fourier} points (docs/protocol.md) before they enter the store: the group page
 * draws its ground-truth table from them, so a malformed one is refused with what was expected and what was found
 * (the Kafka feed counts and logs it) instead of reaching the browser.
 */
final class FourierPointCheck {
    private FourierPointCheck() {
    }

    /** Throws IllegalArgumentException when a {@code fourier} point is malformed; other types pass unchanged. */
    static void check(JsonObject p) {
        if (!"fourier".equals(p.getString("type"))) {
            return;
        }
        integer(p.getValue("seed"), "seed", 0);
        integer(p.getValue("step"), "step", Long.MIN_VALUE);
        if (!(p.getValue("frequencies") instanceof JsonArray rows) || rows.isEmpty()) {
            throw new IllegalArgumentException("expected a fourier point with a non-empty frequencies array, found "
                    + p.getValue("frequencies"));
        }
        for (Object o : rows) {
            if (!(o instanceof JsonObject r)) {
                throw new IllegalArgumentException("expected frequencies rows {frequency, latents, universal, best_purity}, found " + o);
            }
            integer(r.getValue("frequency"), "frequency", 1);
            long latents = integer(r.getValue("latents"), "latents", 0);
            long universal = integer(r.getValue("universal"), "universal", 0);
            if (universal > latents) {
                throw new IllegalArgumentException("expected universal <= latents in a fourier row, found " + r.encode());
            }
            Object purity = r.getValue("best_purity");
            if (!(purity instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1 + 1e-6)) {
                throw new IllegalArgumentException("expected best_purity a number in [0, 1], found " + purity);
            }
        }
    }

    private static long integer(Object v, String name, long min) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min) {
            throw new IllegalArgumentException("expected " + name + " an integer >= " + min + " in a fourier point, found " + v);
        }
        return ((Number) v).longValue();
    }
}
