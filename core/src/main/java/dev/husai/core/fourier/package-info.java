/**
 * Fourier analysis of the modular-addition testbed (Nanda et al. 2023, arXiv 2301.05217): the real
 * Fourier basis of Z_p ({@link dev.husai.core.fourier.FourierBasis}), 2-D spectra of activations over
 * all inputs (a, b) ({@link dev.husai.core.fourier.FourierSpectra}, {@link dev.husai.core.fourier.MlpFourier}),
 * embedding Fourier norms and their Gini coefficient ({@link dev.husai.core.fourier.EmbeddingFourier}),
 * restricted and excluded loss ({@link dev.husai.core.fourier.LogitFourier}).
 *
 * <p>Letters: p modulus, K = floor(p/2) non-constant frequencies, N = p^2 inputs, M columns (neurons or
 * latents), D model width, Q = p^2 coefficient pairs (i, j).
 */
package dev.husai.core.fourier;
