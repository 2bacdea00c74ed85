package dev.husai.trainer.sae;

/** Told about a group's progress at every snapshot step and when a seed stops (side effects stay out of the loop). */
public interface ProgressListener {

    void onProgress(SaeProgress progress);

    /** A seed stopped before the end (by request or on NaN/Inf); the default does nothing. */
    default void onSeedStopped(String group, long seed, int step, String reason) {
    }
}
