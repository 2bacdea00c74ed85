/**
 * Pure parsers for small interchange formats (no file or network I/O: callers hand over bytes).
 * {@link dev.husai.core.format.Npy} reads NumPy {@code .npy} 2-D arrays ({@code [R, C]}, float32 or
 * float64, C order) into a {@link dev.husai.core.tensor.FloatMatrix}. Shape letters: {@code R} rows,
 * {@code C} columns.
 */
package dev.husai.core.format;
