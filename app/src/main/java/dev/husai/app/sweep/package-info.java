/**
 * {@code husai sweep} and {@code husai report}: the sweep file ({@link dev.husai.app.sweep.SweepFile}), the
 * resumable runner ({@link dev.husai.app.sweep.SweepRunner}) that trains every group of the grid and
 * summarises it ({@link dev.husai.app.sweep.GroupSummarizer}, one {@code summary.json} per group), and the
 * report writer (package {@code dev.husai.app.report}). The math lives in core's {@code sweep} package.
 */
package dev.husai.app.sweep;
