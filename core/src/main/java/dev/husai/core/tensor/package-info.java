/**
 * Plain tensor containers shared by every module: {@link dev.husai.core.tensor.FloatMatrix} (row-major
 * {@code [rows, cols]} floats). No math beyond shape bookkeeping lives here.
 */
package dev.husai.core.tensor;
