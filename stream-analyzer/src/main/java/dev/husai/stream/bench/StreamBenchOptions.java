package dev.husai.stream.bench;

import dev.husai.core.safetensors.DType;
import dev.husai.stream.analysis.MatcherChoice;

/**
 * Settings of {@link StreamBench}.
 *
 * @param seeds            seeds in the group (S)
 * @param dIn              model dimension D
 * @param dSae             latents F
 * @param snapshotsPerSecondPerSeed paced load of the latency phase (all seeds of a step sent together, like a trainer)
 * @param seconds          duration of the latency phase
 * @param backlogSteps     steps (x S snapshots) pushed unthrottled in the throughput phase (0 = skip)
 * @param matcher          analyzer matcher (auto: greedy above 512 latents)
 * @param dtype            payload dtype
 * @param bootstrapServers external cluster, or null for the embedded broker
 */
public record StreamBenchOptions(int seeds, int dIn, int dSae, double snapshotsPerSecondPerSeed, int seconds,
                                 int backlogSteps, MatcherChoice matcher, DType dtype, String bootstrapServers) {

    public StreamBenchOptions {
        if (seeds < 2 || dIn < 1 || dSae < 1 || !(snapshotsPerSecondPerSeed > 0) || seconds < 1 || backlogSteps < 0) {
            throw new IllegalArgumentException("expected seeds >= 2, dims >= 1, rate > 0, seconds >= 1, backlog >= 0, found "
                    + seeds + ", " + dIn + "x" + dSae + ", " + snapshotsPerSecondPerSeed + ", " + seconds + ", " + backlogSteps);
        }
    }

    /** The load: 8 seeds, d_in 128, d_sae 1024, 1 snapshot per seed per second, 30 s, 10 backlog steps. */
    public static StreamBenchOptions defaults() {
        return new StreamBenchOptions(8, 128, 1024, 1.0, 30, 10, MatcherChoice.AUTO, DType.F32, null);
    }
}
