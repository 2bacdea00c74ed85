package dev.husai.core.fourier;

import dev.husai.core.snapshot.SaeEncoder;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.stability.Consensus;
import dev.husai.core.tensor.FloatMatrix;

/**
 * Ground-truth recovery of one seed's snapshot, the numbers {@code husai analyze --testbed} prints
 * (docs/metrics.md, "Ground-truth recovery"): the snapshot encodes the testbed's activations {@code xND}
 * ({@code N = p^2}) into latent codes {@code zNF} ({@link SaeEncoder}); every latent gets its 2-D Fourier spectrum,
 * dominant frequency and purity; per key frequency k, the latents with dominant frequency k and purity
 * {@code >= 0.5}, how many of them are universal (found at tau by every other seed at this step: {@link Consensus}
 * universal) and the best purity ({@link LatentRecovery}). Cost: one {@code [N, D] x [D, F]} product plus the
 * spectra, ~O(N F (D + p)).
 */
public final class FourierRecovery {
    private FourierRecovery() {
    }

    /**
     * @param actsND the testbed's activations at the snapshot's hook {@code [p^2, D]}
     * @param universal per latent of the snapshot: found by every other seed (null when unknown)
     */
    public static LatentRecovery of(SaeSnapshot snapshot, FourierBasis basis, FloatMatrix actsND, int[] keyFrequencies,
                                    boolean[] universal) {
        if (actsND.rows() != basis.p() * basis.p()) {
            throw new IllegalArgumentException("expected activations [" + basis.p() * basis.p() + ", D], found " + actsND.shape());
        }
        FloatMatrix codesNF = SaeEncoder.encode(snapshot, actsND);
        return LatentRecovery.analyse(basis, codesNF, keyFrequencies, LatentRecovery.DEFAULT_MIN_PURITY, universal);
    }

    /** The universal latents of seed index {@code s} of a consensus as flags {@code [F]}. */
    public static boolean[] universalFlags(Consensus consensus, int s, int latents) {
        boolean[] universal = new boolean[latents];
        for (int i : consensus.universal(s)) {
            universal[i] = true;
        }
        return universal;
    }
}
