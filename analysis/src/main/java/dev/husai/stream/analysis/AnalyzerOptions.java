package dev.husai.stream.analysis;

import dev.husai.core.fourier.GroundTruth;
import dev.husai.core.stability.PairMetrics;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of the stream analysis (validated; parse JSON with {@link #fromJson}).
 *
 * @param tau               shared-fraction / crystallization threshold (default {@link PairMetrics#DEFAULT_TAU})
 * @param matcher           exact, greedy (approximation) or auto
 * @param exactMaxLatents   with {@link MatcherChoice#AUTO}: exact matching up to this many latents (default
 *                          {@link #EXACT_MAX_LATENTS})
 * @param divergenceMargin  a seed diverges when its mean alignment is below the others' by more than this
 * @param divergenceWindow  ... for this many consecutive finalised steps (W)
 * @param lossSpikeFactor   loss ({@code mse}) spike: above this factor times its rolling average
 * @param lossWindow        length of the rolling average (snapshots)
 * @param deadSpike         dead-latent fraction spike: increase over its rolling average larger than this
 * @param heartbeatMissed   a seed is missing when the group is this many snapshot intervals ahead of it
 * @param defaultPolicy     policy for groups not listed in {@code groupPolicies}
 * @param groupPolicies     per-group policy overrides
 * @param fourierIntervalMs with a ground truth ({@link GroundTruth}): at most one Fourier recovery of a group per this
 *                          many ms of wall time (each costs ~0.5-2 s per seed on the testbed); a seed's last snapshot
 *                          is always analysed
 */
public record AnalyzerOptions(double tau, MatcherChoice matcher, int exactMaxLatents, double divergenceMargin,
                              int divergenceWindow, double lossSpikeFactor, int lossWindow, double deadSpike,
                              int heartbeatMissed, AlertPolicy defaultPolicy, Map<String, AlertPolicy> groupPolicies,
                              long fourierIntervalMs) {

    public AnalyzerOptions {
        require(tau > -1 && tau <= 1, "expected tau in (-1,1], found " + tau);
        require(matcher != null && defaultPolicy != null, "expected a matcher and a policy, found null");
        require(exactMaxLatents >= 1, "expected exactMaxLatents >= 1, found " + exactMaxLatents);
        require(divergenceMargin > 0, "expected divergenceMargin > 0, found " + divergenceMargin);
        require(divergenceWindow >= 1, "expected divergenceWindow >= 1, found " + divergenceWindow);
        require(lossSpikeFactor > 1, "expected lossSpikeFactor > 1, found " + lossSpikeFactor);
        require(lossWindow >= 1, "expected lossWindow >= 1, found " + lossWindow);
        require(deadSpike > 0 && deadSpike <= 1, "expected deadSpike in (0,1], found " + deadSpike);
        require(heartbeatMissed >= 1, "expected heartbeatMissed >= 1, found " + heartbeatMissed);
        require(fourierIntervalMs >= 0, "expected fourierIntervalMs >= 0, found " + fourierIntervalMs);
        groupPolicies = Map.copyOf(groupPolicies);
    }

    /**
     * Above this many latents the default matcher falls back to greedy. Measured here (2 cores, d 128, exact
     * Jonker-Volgenant on two random unit dictionaries, the hardest case of an early run): 0.03 s at 1024 latents,
     * 0.06-0.13 s at 2048, 0.6-0.75 s at 4096, while a step of 8 seeds needs 56 matchings (28 pairs, decoder and
     * encoder): ~7 s at 2048, ~40 s at 4096.
     */
    public static final int EXACT_MAX_LATENTS = 2048;

    /** Defaults: tau {@link PairMetrics#DEFAULT_TAU}, auto matcher (exact up to {@link #EXACT_MAX_LATENTS} latents), margin 0.1 for 3 steps, loss x3 over 5, dead +0.2, heartbeat 3, alert only,
     * Fourier recovery at most every 20 s per group. */
    public static AnalyzerOptions defaults() {
        return new AnalyzerOptions(PairMetrics.DEFAULT_TAU, MatcherChoice.AUTO, EXACT_MAX_LATENTS, 0.1, 3, 3.0, 5, 0.2, 3, AlertPolicy.ALERT_ONLY, Map.of(),
                20_000);
    }

    /** From JSON; missing keys take {@link #defaults()}; {@code groupPolicies} maps group id to alert/stop. */
    public static AnalyzerOptions fromJson(JsonObject json) {
        AnalyzerOptions d = defaults();
        Map<String, AlertPolicy> policies = new HashMap<>();
        JsonObject gp = json.getJsonObject("groupPolicies", new JsonObject());
        gp.fieldNames().forEach(g -> policies.put(g, AlertPolicy.parse(gp.getString(g))));
        return new AnalyzerOptions(json.getDouble("tau", d.tau),
                MatcherChoice.parse(json.getString("matcher", d.matcher.name())),
                json.getInteger("exactMaxLatents", d.exactMaxLatents), json.getDouble("divergenceMargin", d.divergenceMargin),
                json.getInteger("divergenceWindow", d.divergenceWindow), json.getDouble("lossSpikeFactor", d.lossSpikeFactor),
                json.getInteger("lossWindow", d.lossWindow), json.getDouble("deadSpike", d.deadSpike),
                json.getInteger("heartbeatMissed", d.heartbeatMissed),
                AlertPolicy.parse(json.getString("policy", d.defaultPolicy.name())), policies,
                json.getLong("fourierIntervalMs", d.fourierIntervalMs));
    }

    /** Copy with another default policy. */
    public AnalyzerOptions withPolicy(AlertPolicy policy) {
        return new AnalyzerOptions(tau, matcher, exactMaxLatents, divergenceMargin, divergenceWindow, lossSpikeFactor,
                lossWindow, deadSpike, heartbeatMissed, policy, groupPolicies, fourierIntervalMs);
    }

    /** Copy with another tau. */
    public AnalyzerOptions withTau(double t) {
        return new AnalyzerOptions(t, matcher, exactMaxLatents, divergenceMargin, divergenceWindow, lossSpikeFactor,
                lossWindow, deadSpike, heartbeatMissed, defaultPolicy, groupPolicies, fourierIntervalMs);
    }

    /** The JSON {@link #fromJson} reads back (every key). */
    public JsonObject toJson() {
        JsonObject gp = new JsonObject();
        groupPolicies.forEach((g, p) -> gp.put(g, p.name()));
        return new JsonObject().put("tau", tau).put("matcher", matcher.name()).put("exactMaxLatents", exactMaxLatents)
                .put("divergenceMargin", divergenceMargin).put("divergenceWindow", divergenceWindow)
                .put("lossSpikeFactor", lossSpikeFactor).put("lossWindow", lossWindow).put("deadSpike", deadSpike)
                .put("heartbeatMissed", heartbeatMissed).put("policy", defaultPolicy.name()).put("groupPolicies", gp)
                .put("fourierIntervalMs", fourierIntervalMs);
    }

    /** Copy with another matcher. */
    public AnalyzerOptions withMatcher(MatcherChoice m) {
        return new AnalyzerOptions(tau, m, exactMaxLatents, divergenceMargin, divergenceWindow, lossSpikeFactor,
                lossWindow, deadSpike, heartbeatMissed, defaultPolicy, groupPolicies, fourierIntervalMs);
    }

    /** Copy with another minimum wall time between two Fourier recoveries of a group. */
    public AnalyzerOptions withFourierInterval(long ms) {
        return new AnalyzerOptions(tau, matcher, exactMaxLatents, divergenceMargin, divergenceWindow, lossSpikeFactor,
                lossWindow, deadSpike, heartbeatMissed, defaultPolicy, groupPolicies, ms);
    }

    /** The policy of {@code group}. */
    public AlertPolicy policyOf(String group) {
        return groupPolicies.getOrDefault(group, defaultPolicy);
    }

    /** True when F latents are matched with the greedy approximation. */
    public boolean greedyFor(int latents) {
        return matcher == MatcherChoice.GREEDY || (matcher == MatcherChoice.AUTO && latents > exactMaxLatents);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
