/**
 * The SAE training engine: ReLU + L1, TopK (Gao et al. 2024, arXiv 2406.04093), BatchTopK
 * (Bussmann et al. 2024, arXiv 2412.06410), JumpReLU (Rajamanoharan et al. 2024, arXiv 2407.14435;
 * {@link dev.husai.trainer.sae.JumpTerms}) and Matryoshka BatchTopK (Bussmann et al. 2025, arXiv 2503.17547;
 * {@link dev.husai.trainer.sae.PrefixStep}) trained with many seeds at once, emitting a
 * {@link dev.husai.core.snapshot.SaeSnapshot} per seed every N steps to a
 * {@link dev.husai.core.snapshot.SnapshotSink}. See docs/sae.md.
 *
 * <p>How the work is split: the one dense product, the encoder pre-activations {@code X W_enc} for all
 * seeds, runs on native BLAS or PyTorch ({@link dev.husai.trainer.sae.DenseKernel}); for TopK, BatchTopK and
 * Matryoshka on BLAS it runs block by block inside the selection tasks, each block selected while in cache
 * ({@link dev.husai.trainer.sae.BlasEngine}'s fused paths: the same bits, no {@code [S, N, F]} buffer). Everything after that
 * touches only the K active latents per row (selection, decoder, loss, gradients, AuxK) and runs in plain
 * Java on sparse codes ({@link dev.husai.trainer.sae.Selection}, {@link dev.husai.trainer.sae.SparseStep}),
 * with hand-written gradients: no autograd, so none of DJL's autograd pitfalls. Java owns the parameters and
 * the Adam state; the dense kernel is stateless.
 *
 * <p>A second engine, {@link dev.husai.trainer.sae.DjlEngine} (chosen by {@link dev.husai.trainer.sae.EngineChoice}),
 * runs the same step dense on PyTorch through DJL, on the CPU or a GPU: the seeds stacked along a leading axis S
 * ({@link dev.husai.trainer.sae.DjlState}), one batched matmul per product ({@link dev.husai.trainer.sae.DjlStep}),
 * Adam on the device ({@link dev.husai.trainer.sae.DjlAdam}); the parameters come back to the seeds' state only for
 * snapshots and results.
 *
 * <p>Letters in local names: S or A seeds (all / active), N batch rows, D d_in, F d_sae,
 * K active latents per row.
 */
package dev.husai.trainer.sae;
