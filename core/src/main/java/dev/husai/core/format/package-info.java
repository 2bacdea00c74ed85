/**
 * Pure parsers for small interchange formats (no file or network I/O: callers hand over bytes or buffers).
 * {@link dev.husai.core.format.Npy} reads NumPy {@code .npy} 2-D arrays ({@code [R, C]}, float32, float16 or
 * float64, C order) into a {@link dev.husai.core.tensor.FloatMatrix}, writes float32/float16 ones, and for files too
 * large for the heap says where their rows lie ({@link dev.husai.core.format.RowLayout}, also of a safetensors
 * tensor); {@link dev.husai.core.format.EncodedRows} then decodes rows on demand from (memory-mapped) bytes.
 * Shape letters: {@code R} rows, {@code C} columns; {@code N} activation rows, {@code D} their width.
 */
package dev.husai.core.format;
