/**
 * The ground-truth testbed: a one-layer transformer that groks modular addition (Nanda et al. 2023,
 * arXiv 2301.05217) and then computes with Fourier features. Dataset and split
 * ({@link dev.husai.trainer.testbed.ModularAdditionData}), the model on DJL
 * ({@link dev.husai.trainer.testbed.ModularTransformer}), full-batch AdamW training
 * ({@link dev.husai.trainer.testbed.GrokTrainer}), activation extraction, and the adapter that turns a checkpoint into
 * core's ground truth for Fourier recovery ({@link dev.husai.trainer.testbed.TestbedInputs}).
 *
 * <p>Letters in local names: B batch, D d_model, H heads, E d_head, M d_mlp, P modulus.
 */
package dev.husai.trainer.testbed;
