package dev.husai.core.config;

import java.util.regex.Pattern;

/**
 * Where the activations an SAE trains on come from. The testbed has two, both at the {@code =} position: the
 * residual stream after the block ({@link #RESID_POST}, width d_model) and the MLP's post-ReLU hidden layer
 * ({@link #MLP_POST}, width d_mlp). Activations from the user's own file get an <em>external</em> hook named after
 * the data ({@link #external}), so the group id names the data; testbed-only measures (spliced accuracy, Fourier
 * recovery) do not apply to it ({@link #isTestbed()}).
 *
 * @param wireName the name in metadata, flags, group ids and files: lower-case letters, digits, {@code _} and
 *                 {@code -} (no dots: the group id is dot-separated)
 */
public record HookPoint(String wireName) {
    /** Initialised first: the constants below are validated against it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    /** The testbed's residual stream after the block. */
    public static final HookPoint RESID_POST = new HookPoint("resid_post");
    /** The testbed's MLP hidden layer after the ReLU. */
    public static final HookPoint MLP_POST = new HookPoint("mlp_post");

    public HookPoint {
        if (wireName == null || !NAME.matcher(wireName).matches()) {
            throw new IllegalArgumentException("expected a hook name of 1-64 characters [a-z0-9_-], found " + wireName);
        }
    }

    /** The testbed's hook points. */
    public static HookPoint[] values() {
        return new HookPoint[] {RESID_POST, MLP_POST};
    }

    /** True for the testbed's hook points, false for an external one. */
    public boolean isTestbed() {
        return equals(RESID_POST) || equals(MLP_POST);
    }

    /** This hook when it is one of the testbed's, else the expected-vs-found error (testbed-only code calls it). */
    public HookPoint requireTestbed() {
        if (!isTestbed()) {
            throw new IllegalArgumentException("expected a testbed hook point (resid_post or mlp_post), found external "
                    + wireName);
        }
        return this;
    }

    /** Parses a testbed hook point (flags, sweep files), naming the valid ones when it is not one. */
    public static HookPoint parse(String name) {
        for (HookPoint h : values()) {
            if (h.wireName.equalsIgnoreCase(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("expected hook point resid_post or mlp_post, found " + name);
    }

    /** The hook named in a snapshot's metadata: a testbed one, or else an external one. */
    public static HookPoint of(String wireName) {
        for (HookPoint h : values()) {
            if (h.wireName.equals(wireName)) {
                return h;
            }
        }
        return new HookPoint(wireName);
    }

    /**
     * An external hook for the user's own activations, named {@code name} lower-cased with every character outside
     * {@code [a-z0-9_-]} replaced by {@code _} ({@code My.Acts} -> {@code my_acts}); a testbed name is refused.
     */
    public static HookPoint external(String name) {
        String clean = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        HookPoint h = new HookPoint(clean.length() > 64 ? clean.substring(0, 64) : clean);
        if (h.isTestbed()) {
            throw new IllegalArgumentException("expected a name for external activations other than the testbed's "
                    + "resid_post and mlp_post, found " + name);
        }
        return h;
    }
}
