/**
 * Benchmarks of the web module (not unit tests; run by hand, see {@code docs/web.md}):
 * {@link dev.husai.web.bench.LiveFanoutBench} measures the live channel's publish -> received latency over many SSE
 * connections and the store's bound while a synthetic 8-seed group publishes.
 */
package dev.husai.web.bench;
