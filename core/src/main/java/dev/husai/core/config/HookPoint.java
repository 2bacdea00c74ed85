package dev.husai.core.config;

/**
 * Where in the testbed activations are read for SAE training, both at the {@code =} position:
 * the residual stream after the block ({@code resid_post}, width d_model) or the MLP's post-ReLU
 * hidden layer ({@code mlp_post}, width d_mlp).
 */
public enum HookPoint {
    RESID_POST("resid_post"), MLP_POST("mlp_post");

    private final String wireName;

    HookPoint(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in metadata, flags and files ({@code resid_post}, {@code mlp_post}). */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name, naming the valid ones when it is not one. */
    public static HookPoint parse(String name) {
        for (HookPoint h : values()) {
            if (h.wireName.equals(name) || h.name().equalsIgnoreCase(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("expected hook point resid_post or mlp_post, found " + name);
    }
}
