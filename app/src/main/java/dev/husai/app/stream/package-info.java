/**
 * Commands of the streaming pipeline: {@code husai broker} (embedded Kafka + topics), {@code husai analyzer}
 * (the Vert.x stream analyzer against an embedded or external cluster) and {@code husai bench stream}.
 * Thin: the work is in the stream-analyzer module.
 */
package dev.husai.app.stream;
