/**
 * The SAE snapshot: one seed's weights at one step plus metadata, encoded as safetensors with SAELens
 * tensor names. The one format for Kafka values, checkpoints and recordings (see docs/protocol.md).
 * Letters: D = d_in, F = d_sae.
 */
package dev.husai.core.snapshot;
