/**
 * Cross-seed stability of SAE dictionaries: per-pair metrics (PW-MCC, shared fraction, histograms),
 * baselines, recovery of a known dictionary ({@link dev.husai.core.stability.Recovery}, {@code T} true atoms),
 * aggregation over the seed pairs of a group, per-latent consensus, and incremental temporal
 * state (drift, crystallization, divergence events) for the stream analyzer.
 *
 * <p>Shape letters:
 * <ul>
 *   <li>{@code F}, {@code G} - latents of the first / second SAE of a pair ({@code d_sae});</li>
 *   <li>{@code D} - model dimension ({@code d_in});</li>
 *   <li>{@code K} - matched pairs, {@code min(F, G)};</li>
 *   <li>{@code S} - seeds in a group; {@code P = S(S-1)/2} seed pairs;</li>
 *   <li>{@code B} - histogram bins.</li>
 * </ul>
 * The encoder dictionary of an SAE is {@code W_enc} transposed, {@code [F, D]}, so decoder and encoder
 * are compared with the same code. Definitions and references: {@code docs/metrics.md}.
 */
package dev.husai.core.stability;
