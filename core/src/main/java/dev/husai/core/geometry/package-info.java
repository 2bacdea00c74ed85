/**
 * Geometry of dictionaries: interference (off-diagonal cosines within one dictionary), clusters of decoder
 * directions, effective dimension (participation ratio) of a set of rows, and whole-dictionary similarity
 * across seeds (linear CKA).
 *
 * <p>Shape letters: {@code F}, {@code G} latents; {@code D} model dimension; {@code N} examples (rows of an
 * activation matrix, e.g. the p^2 inputs of the testbed); {@code B} histogram bins. Definitions and
 * references: {@code docs/metrics.md}.
 */
package dev.husai.core.geometry;
