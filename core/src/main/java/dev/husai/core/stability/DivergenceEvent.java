package dev.husai.core.stability;

/**
 * A latent that had crystallized and then lost its cross-seed match.
 *
 * @param latent      latent index
 * @param step        snapshot step at which its score fell below tau
 * @param stableSince first step of the run of {@code >= tau} that just ended
 * @param score       the score at {@code step} (NaN if it had no partner)
 */
public record DivergenceEvent(int latent, long step, long stableSince, float score) {

    public DivergenceEvent {
        if (latent < 0 || step <= stableSince) {
            throw new IllegalArgumentException("expected latent >= 0 and step > stableSince, found latent=" + latent
                    + ", step=" + step + ", stableSince=" + stableSince);
        }
    }
}
