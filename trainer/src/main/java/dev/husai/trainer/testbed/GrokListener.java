package dev.husai.trainer.testbed;

/** Side effects of a grokking run (progress line, CSV curve): the loop only calls these. */
public interface GrokListener {
    /** Called at every evaluation. */
    void onEval(GrokProgress progress);
}
