/**
 * Researchers' own SAEs: the checkpoint layouts of SAELens, sparsify and dictionary_learning, detected from the files
 * ({@link dev.husai.core.checkpoint.Checkpoints}), read in place into {@link dev.husai.core.snapshot.SaeWeights}
 * ({@link dev.husai.core.checkpoint.TensorFile}: memory-mapped, F32/F16/BF16) with HUSAI metadata, and written back
 * for export. Files are touched only through {@link dev.husai.core.io.InputFiles}; the cfg.json mappings are pure.
 * Letters: D = d_in, F = d_sae.
 */
package dev.husai.core.checkpoint;
