/**
 * The safetensors codec: HUSAI's one format for Kafka record values, checkpoints and recordings.
 * {@link dev.husai.core.safetensors.Safetensors#encode} / {@link dev.husai.core.safetensors.Safetensors#decode}
 * map between bytes and a {@link dev.husai.core.safetensors.SafetensorsFile} (named
 * {@link dev.husai.core.safetensors.Tensor}s + string metadata). F32 and F16 payloads; F16 halves the size.
 */
package dev.husai.core.safetensors;
