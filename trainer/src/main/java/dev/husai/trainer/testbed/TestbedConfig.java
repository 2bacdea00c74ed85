package dev.husai.trainer.testbed;

import dev.husai.core.config.HookPoint;

/**
 * Shape of the modular-addition transformer (Nanda et al. 2023, "Progress measures for grokking via
 * mechanistic interpretability"): one attention layer + one ReLU MLP, no LayerNorm, learned positional
 * embeddings, tokens {@code a b =}, unembedding read at the {@code =} position.
 *
 * @param p the modulus (prime in the paper); vocabulary is p + 1 (the extra token is {@code =})
 * @param dModel residual width D
 * @param heads number of attention heads H
 * @param dHead width of one head
 * @param dMlp MLP hidden width M
 */
public record TestbedConfig(int p, int dModel, int heads, int dHead, int dMlp) {

    /** Nanda's configuration: p = 113, d_model 128, 4 heads of 32, d_mlp 512. */
    public static final TestbedConfig NANDA = new TestbedConfig(113, 128, 4, 32, 512);

    public TestbedConfig {
        if (p < 3) {
            throw new IllegalArgumentException("expected modulus p >= 3, found p = " + p);
        }
        requirePositive("d_model", dModel);
        requirePositive("heads", heads);
        requirePositive("d_head", dHead);
        requirePositive("d_mlp", dMlp);
    }

    /** Number of token positions: {@code a b =}. */
    public static final int CONTEXT = 3;

    /** Vocabulary size p + 1. */
    /** Width of the activations at a hook point: {@code d_model} at {@code resid_post}, {@code d_mlp} at {@code mlp_post}. */
    public int width(HookPoint hook) {
        return HookPoint.RESID_POST.equals(hook.requireTestbed()) ? dModel : dMlp;
    }

    public int vocab() {
        return p + 1;
    }

    /** The token id of {@code =}. */
    public int equalsToken() {
        return p;
    }

    /** Total attention width H * d_head. */
    public int attnWidth() {
        return heads * dHead;
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("expected " + name + " > 0, found " + v);
        }
    }
}
