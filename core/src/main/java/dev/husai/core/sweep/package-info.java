/**
 * Sweeps: a declarative grid of SAE configurations ({@link dev.husai.core.sweep.SweepSpec}, expanded into
 * {@link dev.husai.core.config.SaeConfig} groups) and the pure analysis of their results
 * ({@link dev.husai.core.sweep.GroupResult} per group, {@link dev.husai.core.sweep.SweepFindings} across the grid:
 * ranking, correlations, Goldilocks zone, predictors). Parsing the sweep file and writing the report happen in
 * the app module; nothing here does I/O.
 *
 * <p>Letters: S seeds per group, P = S(S-1)/2 seed pairs, G groups in the sweep.
 */
package dev.husai.core.sweep;
