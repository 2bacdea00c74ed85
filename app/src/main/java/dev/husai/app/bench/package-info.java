/**
 * Benchmarks behind {@code husai bench ...} (plain classes; the picocli command wraps them). Each one runs
 * the matching Python anchor from {@code app/src/main/resources/anchors/} (shipped in the jar) on the same inputs when python3 is available and
 * prints our time beside the anchor's with the ratio. {@link dev.husai.app.bench.MemorySampler} and
 * {@link dev.husai.app.bench.SseDrain} serve the soak benchmark (resident memory of the live stack over time).
 */
package dev.husai.app.bench;
