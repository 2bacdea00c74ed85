package dev.husai.core.stability;

import dev.husai.core.align.Dictionaries;
import dev.husai.core.tensor.FloatMatrix;

/**
 * The two dictionaries of one SAE, both {@code [F, D]}: decoder rows ({@code W_dec [F, D]}) and encoder
 * rows ({@code W_enc [D, F]} transposed). Validated: non-empty, finite, same shape.
 */
public record SaeDictionaries(FloatMatrix decoderFD, FloatMatrix encoderFD) {

    public SaeDictionaries {
        Dictionaries.requireValid(decoderFD, "W_dec");
        Dictionaries.requireValid(encoderFD, "W_enc^T");
        if (decoderFD.rows() != encoderFD.rows() || decoderFD.cols() != encoderFD.cols()) {
            throw new IllegalArgumentException("expected W_enc^T " + decoderFD.shape() + " (same as W_dec), found "
                    + encoderFD.shape());
        }
    }

    /**
     * From SAELens-shaped weights.
     *
     * @param wDecFD {@code W_dec [F, D]}
     * @param wEncDF {@code W_enc [D, F]}
     */
    public static SaeDictionaries fromWeights(FloatMatrix wDecFD, FloatMatrix wEncDF) {
        Dictionaries.requireValid(wDecFD, "W_dec");
        Dictionaries.requireValid(wEncDF, "W_enc");
        if (wEncDF.rows() != wDecFD.cols() || wEncDF.cols() != wDecFD.rows()) {
            throw new IllegalArgumentException("expected W_enc [" + wDecFD.cols() + "," + wDecFD.rows()
                    + "] (transpose of W_dec " + wDecFD.shape() + "), found " + wEncDF.shape());
        }
        return new SaeDictionaries(wDecFD, wEncDF.transpose());
    }

    /** Number of latents F. */
    public int latents() {
        return decoderFD.rows();
    }

    /** Model dimension D. */
    public int dim() {
        return decoderFD.cols();
    }
}
