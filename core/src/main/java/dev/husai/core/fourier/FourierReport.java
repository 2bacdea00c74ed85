package dev.husai.core.fourier;

import dev.husai.core.tensor.FloatMatrix;

/**
 * The ground-truth summary of a testbed checkpoint (Nanda et al. 2023).
 *
 * @param p modulus
 * @param embeddingNorms Fourier norm of the embedding per frequency {@code [K+1]}
 * @param embeddingGini Gini coefficient of the non-constant embedding norms
 * @param embeddingTop8Share share of the embedding's squared Fourier norm in its 8 largest frequencies
 * @param keyFrequencies frequencies holding at least {@code minShare} of the embedding's squared Fourier norm
 * @param mlpFrequencyShare share of MLP variance per frequency group {@code [K+1]}
 * @param keyTermsExplained share of MLP variance in the key frequencies' terms
 * @param ownFrequencyExplained share explained when each neuron keeps only its dominant frequency
 * @param trainLosses original / restricted / excluded loss on the training pairs
 * @param allLosses the same over all p^2 pairs
 */
public record FourierReport(int p, double[] embeddingNorms, double embeddingGini, double embeddingTop8Share,
                            int[] keyFrequencies, double[] mlpFrequencyShare, double keyTermsExplained,
                            double ownFrequencyExplained, LogitFourier.Losses trainLosses,
                            LogitFourier.Losses allLosses) {

    /**
     * Default threshold for a key frequency: 4% of the embedding's non-constant squared Fourier norm
     * (uniform would be 1/K, ~1.8% at p = 113). On the shipped model the five key frequencies hold 4.7-49%
     * each and the next one 0.9%.
     */
    public static final double DEFAULT_MIN_SHARE = 0.04;

    /**
     * @param embedPD token embedding rows 0..p-1 {@code [p, D]}
     * @param mlpActsNM MLP activations at {@code =} for every pair {@code [p*p, M]}
     * @param logits logits for every pair {@code [p*p * p]}
     * @param trainPairs pair indices used for training
     */
    public static FourierReport analyse(int p, FloatMatrix embedPD, FloatMatrix mlpActsNM, float[] logits,
                                        int[] trainPairs, double minShare) {
        FourierBasis basis = new FourierBasis(p);
        double[] norms = EmbeddingFourier.frequencyNorms(basis, embedPD);
        double[] nonConstant = java.util.Arrays.copyOfRange(norms, 1, norms.length);
        MlpFourier mlp = MlpFourier.of(basis, mlpActsNM);
        int[] keys = EmbeddingFourier.keyFrequencies(norms, minShare);
        return new FourierReport(p, norms, EmbeddingFourier.gini(nonConstant), EmbeddingFourier.topShare(norms, 8),
                keys, mlp.frequencyShare(), mlp.explainedBy(keys), mlp.ownFrequencyExplained(),
                LogitFourier.losses(p, logits, keys, trainPairs),
                LogitFourier.losses(p, logits, keys, LogitFourier.allPairs(p)));
    }
}
