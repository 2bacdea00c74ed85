/**
 * Plain tensor containers shared by every module: {@link dev.husai.core.tensor.FloatMatrix} (row-major
 * {@code [rows, cols]} floats) and
 * {@link dev.husai.core.tensor.Activations} (rows {@code [N, D]} read one at a time, on the heap or not). No math beyond shape bookkeeping lives here.
 */
package dev.husai.core.tensor;
