/**
 * {@code husai report SWEEP_DIR [SWEEP_DIR...]}: reads every group's {@code summary.json} of one or more sweeps,
 * computes the findings with core's {@code sweep} package and writes a self-contained report around the study's five
 * questions ({@code Q1Goldilocks} .. {@code Q5Temporal}, then {@code Literature} and {@code ReportMethod}):
 * {@code report.html} (figures inlined), {@code report.md}, {@code figures/*.png|svg} (XChart) and
 * {@code tables/*.csv} (groups.csv plus one table per question).
 */
package dev.husai.app.report;
