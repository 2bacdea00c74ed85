package dev.husai.core.stability;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;

/** Deterministic SAE fixtures: random SAEs and permuted/perturbed copies. */
final class StabilityFixtures {

    private StabilityFixtures() {
    }

    static SaeDictionaries randomSae(int f, int d, long seed) {
        return Baselines.sae(Baselines.Kind.RANDOM_UNIT, f, d, seed);
    }

    /** Copy of {@code sae} with latents permuted by {@code perm} (out latent k = in latent perm[k]). */
    static SaeDictionaries permuted(SaeDictionaries sae, int[] perm) {
        return new SaeDictionaries(Dictionaries.selectRows(sae.decoderFD(), perm),
                Dictionaries.selectRows(sae.encoderFD(), perm));
    }

    /** Copy of {@code sae} where the latents in {@code replace} get fresh random decoder and encoder rows. */
    static SaeDictionaries withReplaced(SaeDictionaries sae, int[] replace, long seed) {
        SaeDictionaries fresh = randomSae(sae.latents(), sae.dim(), seed);
        float[] dec = sae.decoderFD().data().clone();
        float[] enc = sae.encoderFD().data().clone();
        int d = sae.dim();
        for (int i : replace) {
            System.arraycopy(fresh.decoderFD().data(), i * d, dec, i * d, d);
            System.arraycopy(fresh.encoderFD().data(), i * d, enc, i * d, d);
        }
        return new SaeDictionaries(new FloatMatrix(sae.latents(), d, dec), new FloatMatrix(sae.latents(), d, enc));
    }

    static int[] reversed(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = n - 1 - i;
        }
        return p;
    }
}
