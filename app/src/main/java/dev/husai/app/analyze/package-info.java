/**
 * {@code husai analyze DIR}: loads the snapshots of one group ({@link dev.husai.app.analyze.SnapshotSet}),
 * runs core's stability, consensus, geometry and Fourier-recovery analyses
 * ({@link dev.husai.app.analyze.GroupAnalysis}) and formats them ({@link dev.husai.app.analyze.AnalyzeFormat}).
 */
package dev.husai.app.analyze;
