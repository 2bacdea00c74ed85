package dev.husai.core.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming per-latent crystallization state for the F latents of one seed.
 *
 * <p>Fed one score vector {@code [F]} per snapshot step (in increasing step order), e.g.
 * {@link PairStability#sharedScoresOfA}: {@code min(decoder cos, encoder cos)} of the latent's matched
 * partner in another seed. The crystallization step of latent i is the first step after which its score
 * stays {@code >= tau} up to the latest step: the start of its current run of {@code >= tau}. When the
 * stream ends this is exactly "stays >= tau until the end". A score below tau (or NaN) ends the run; if
 * a run was open this records a {@link DivergenceEvent} and the latent becomes un-crystallized until a
 * new run starts. Memory: O(F) plus the events.
 */
public final class CrystallizationTracker {

    /** Marker for "no open run". */
    public static final long NONE = Long.MIN_VALUE;

    private final double tau;
    private final long[] runStart;
    private final int[] divergences;
    private final List<DivergenceEvent> events = new ArrayList<>();
    private long lastStep = NONE;

    /** @param latents F, @param tau threshold (default 0.7) */
    public CrystallizationTracker(int latents, double tau) {
        if (latents <= 0) {
            throw new IllegalArgumentException("expected latents > 0, found " + latents);
        }
        this.tau = tau;
        this.runStart = new long[latents];
        this.divergences = new int[latents];
        Arrays.fill(runStart, NONE);
    }

    /**
     * Accepts the scores of the next snapshot.
     *
     * @param scoresF {@code [F]} per-latent cross-seed score
     * @return the divergence events caused by this step (possibly empty)
     */
    public List<DivergenceEvent> update(long step, float[] scoresF) {
        if (lastStep != NONE && step <= lastStep) {
            throw new IllegalArgumentException("expected step > " + lastStep + ", found " + step);
        }
        if (scoresF.length != runStart.length) {
            throw new IllegalArgumentException("expected " + runStart.length + " scores, found " + scoresF.length);
        }
        List<DivergenceEvent> now = new ArrayList<>();
        for (int i = 0; i < scoresF.length; i++) {
            boolean above = scoresF[i] >= tau;
            if (above && runStart[i] == NONE) {
                runStart[i] = step;
            } else if (!above && runStart[i] != NONE) {
                now.add(new DivergenceEvent(i, step, runStart[i], scoresF[i]));
                divergences[i]++;
                runStart[i] = NONE;
            }
        }
        lastStep = step;
        events.addAll(now);
        return now;
    }

    /** Crystallization step of latent i as of the latest step, or {@link #NONE} if currently below tau. */
    public long crystallizationStep(int latent) {
        return runStart[latent];
    }

    /** Number of latents currently crystallized. */
    public int crystallizedCount() {
        return (int) Arrays.stream(runStart).filter(s -> s != NONE).count();
    }

    /** True if latent i has ever diverged (lost a match it had held). */
    public boolean everDiverged(int latent) {
        return divergences[latent] > 0;
    }

    /** How many times latent i diverged. */
    public int divergences(int latent) {
        return divergences[latent];
    }

    /** All divergence events so far, in order. */
    public List<DivergenceEvent> events() {
        return List.copyOf(events);
    }

    /** Latest step fed, or {@link #NONE}. */
    public long lastStep() {
        return lastStep;
    }
}
