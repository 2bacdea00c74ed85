/**
 * The safetensors codec: HUSAI's one format for Kafka record values, checkpoints and recordings.
 * {@link dev.husai.core.safetensors.Safetensors#encode} / {@link dev.husai.core.safetensors.Safetensors#decode}
 * map between bytes and a {@link dev.husai.core.safetensors.SafetensorsFile} (named
 * {@link dev.husai.core.safetensors.Tensor}s + string metadata). F32 and F16 payloads; F16 halves the size.
 * {@link dev.husai.core.safetensors.Safetensors#entries} reads only the header ({@link dev.husai.core.safetensors.TensorEntry}:
 * dtype, shape, file offset), for tensors too large for the heap that are read in place.
 */
package dev.husai.core.safetensors;
