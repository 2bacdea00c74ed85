/**
 * Cross-seed alignment: row normalisation, cosine matrices and one-to-one matching of two
 * dictionaries.
 *
 * <p>Shape letters used in this package (and as suffixes on math locals, e.g. {@code decoderFD}):
 * <ul>
 *   <li>{@code F} - latents of the first dictionary (rows of {@code W_dec}, "d_sae");</li>
 *   <li>{@code G} - latents of the second dictionary ({@code F'} in the docs; may differ from F);</li>
 *   <li>{@code D} - model dimension ("d_in"), shared by both dictionaries;</li>
 *   <li>{@code K} - number of matched pairs, {@code min(F, G)}.</li>
 * </ul>
 *
 * <p>Flow: {@link dev.husai.core.align.Dictionaries#normalizeRows} both dictionaries, then
 * {@link dev.husai.core.align.CosineMatrix#of} {@code [F,D] x [G,D] -> [F,G]}, then either the exact
 * {@link dev.husai.core.align.LinearAssignment} (dense Jonker &amp; Volgenant 1987), the exact
 * {@link dev.husai.core.align.SparseAssignment} (JV on candidate edges, proved optimal on the full matrix by LP
 * duality; what {@link dev.husai.core.align.Matchers#exact} runs) or the labelled
 * approximation {@link dev.husai.core.align.GreedyMatcher}; all return a
 * {@link dev.husai.core.align.Matching}. Definitions and references: {@code docs/metrics.md}.
 *
 * <p>Speed: the row scans of the greedy and of the exact solver's candidates and certificate run L lanes at a time
 * on the Vector API when the JVM has {@code jdk.incubator.vector} ({@code RowScan}, {@code VectorRowScan},
 * {@code VectorDualScan}; the same results without it; {@link dev.husai.core.align.RowScan}'s lane maxima also bound
 * the SAE encoder's top-k); {@link dev.husai.core.align.BlasThreads} runs OpenBLAS on
 * one thread per call for callers that already run many products in parallel.
 */
package dev.husai.core.align;
