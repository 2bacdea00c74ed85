/**
 * {@code husai report SWEEP_DIR}: reads every group's {@code summary.json}, computes the findings with core's
 * {@code sweep} package and writes a self-contained report: {@code report.html} (figures inlined),
 * {@code report.md}, {@code figures/*.png|svg} (XChart) and {@code tables/*.csv}.
 */
package dev.husai.app.report;
