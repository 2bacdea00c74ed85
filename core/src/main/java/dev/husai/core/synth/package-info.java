/**
 * Synthetic ground truth (positive controls): activations {@code X = Z T} generated from a known dictionary.
 *
 * <p>Letters: {@code N} rows, {@code D} input dimension, {@code T} = F_true true atoms, {@code F} SAE latents.
 * {@code T [T, D]} holds unit atoms, {@code Z [N, T]} non-negative sparse coefficients, {@code X [N, D]}.
 * Two domains: {@link dev.husai.core.synth.SynthSpec.Domain#SONG}, the model organism of Song et al. 2025
 * (arXiv 2505.20254), and {@link dev.husai.core.synth.SynthSpec.Domain#SYNTHBENCH}, a harder one after
 * SynthSAEBench (Chanin et al. 2026). Pure: no file I/O; {@link dev.husai.core.synth.TruthDictionary} encodes the
 * atoms as a safetensors {@code W_dec [T, D]} so a truth file reads like an SAE decoder.
 */
package dev.husai.core.synth;
