/**
 * {@link StreamBench}: latency from snapshot produced to metric published and the sustainable snapshot rate
 * of one analyzer, on the embedded broker or an external cluster ({@code husai bench stream}).
 */
package dev.husai.stream.bench;
