package dev.husai.app.report;

import dev.husai.core.sweep.GroupResult;

/**
 * One finished group as the report reads it: its figures plus what only its summary file knows.
 *
 * @param result         the group's figures
 * @param sweep          name of the sweep directory it came from ("" when unknown)
 * @param wallSeconds    training + summarising wall time (null when unknown)
 * @param summarySeconds of that, the time spent on stability figures (null in summaries written before it was recorded)
 */
record GroupRun(GroupResult result, String sweep, Double wallSeconds, Double summarySeconds) {
    GroupRun {
        sweep = sweep == null ? "" : sweep;
    }

    /** A group with nothing known beyond its figures. */
    static GroupRun of(GroupResult result) {
        return new GroupRun(result, "", null, null);
    }
}
