package dev.husai.core.sweep;

/**
 * Reconstruction quality of a group at the end of training, means over its seeds.
 *
 * @param fvu              fraction of variance unexplained
 * @param l0               mean active latents per input
 * @param deadFraction     share of latents that did not fire in the dead window
 * @param splicedAccuracy  testbed accuracy with the reconstruction spliced in at the hook
 */
public record Quality(double fvu, double l0, double deadFraction, double splicedAccuracy) {
}
