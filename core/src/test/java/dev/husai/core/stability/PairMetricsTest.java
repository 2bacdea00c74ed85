package dev.husai.core.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import org.junit.jupiter.api.Test;

class PairMetricsTest {

    @Test
    void identicalDictionariesHavePwMccOneAndAllShared() {
        SaeDictionaries a = StabilityFixtures.randomSae(64, 16, 1);
        PairStability p = PairMetrics.compare(a, a);
        assertEquals(1.0, p.pwMccDecoder(), 1e-5);
        assertEquals(1.0, p.pwMccEncoder(), 1e-5);
        assertEquals(1.0, p.sharedFraction());
        assertEquals(64, p.decoderHistogram().counts()[PairMetrics.HISTOGRAM_BINS - 1]);
    }

    @Test
    void permutedCopyIsFullyStable() {
        SaeDictionaries a = StabilityFixtures.randomSae(50, 12, 2);
        PairStability p = PairMetrics.compare(a, StabilityFixtures.permuted(a, StabilityFixtures.reversed(50)));
        assertEquals(1.0, p.pwMccDecoder(), 1e-5);
        assertEquals(1.0, p.sharedFraction());
        assertEquals(49, p.decoderMatching().partnerOfRow(50)[0]);
    }

    @Test
    void randomBaselineInD128WithF1024IsAboutPointThree() {
        PairStability p = Baselines.pair(Baselines.Kind.RANDOM_UNIT, 1024, 1024, 128, 0.7, Baselines.DEFAULT_SEED);
        assertTrue(p.pwMccDecoder() > 0.26 && p.pwMccDecoder() < 0.34, "PW-MCC " + p.pwMccDecoder());
        assertTrue(p.pwMccEncoder() > 0.26 && p.pwMccEncoder() < 0.34, "PW-MCC enc " + p.pwMccEncoder());
        assertEquals(0.0, p.sharedFraction(), "no random pair reaches 0.7 in both");
        assertTrue(Math.abs(p.encoderOnDecoderPairs()) < 0.03, "encoder on decoder pairs ~0: " + p.encoderOnDecoderPairs());
    }

    @Test
    void untrainedInitTiesEncoderToDecoder() {
        SaeDictionaries init = Baselines.sae(Baselines.Kind.UNTRAINED_INIT, 32, 8, 3);
        assertEquals(init.decoderFD(), init.encoderFD());
        PairStability p = Baselines.pair(Baselines.Kind.UNTRAINED_INIT, 256, 256, 128, 0.7, 3);
        assertEquals(p.pwMccDecoder(), p.encoderOnDecoderPairs(), 1e-6);
    }

    @Test
    void pairMetricsAreSymmetric() {
        SaeDictionaries a = StabilityFixtures.randomSae(120, 10, 4);
        SaeDictionaries b = StabilityFixtures.withReplaced(StabilityFixtures.permuted(a, StabilityFixtures.reversed(120)),
                new int[] {0, 5, 9, 33, 70}, 99);
        PairStability ab = PairMetrics.compare(a, b, 0.5);
        PairStability ba = PairMetrics.compare(b, a, 0.5);
        assertEquals(ab.pwMccDecoder(), ba.pwMccDecoder(), 1e-6);
        assertEquals(ab.pwMccEncoder(), ba.pwMccEncoder(), 1e-6);
        assertEquals(ab.sharedFraction(), ba.sharedFraction(), 1e-12);
        assertEquals(ab.encoderOnDecoderPairs(), ba.encoderOnDecoderPairs(), 1e-6);
    }

    @Test
    void sharedFractionNeedsDecoderAndEncoder() {
        SaeDictionaries a = StabilityFixtures.randomSae(40, 16, 5);
        SaeDictionaries other = StabilityFixtures.randomSae(40, 16, 6);
        SaeDictionaries sameDecoderOtherEncoder = new SaeDictionaries(a.decoderFD(), other.encoderFD());
        PairStability p = PairMetrics.compare(a, sameDecoderOtherEncoder);
        assertEquals(1.0, p.pwMccDecoder(), 1e-5);
        assertEquals(0.0, p.sharedFraction(), "decoder alone must not count as shared");
    }

    @Test
    void rectangularPairsMatchTheSmallerWidth() {
        SaeDictionaries a = StabilityFixtures.randomSae(30, 8, 7);
        SaeDictionaries b = StabilityFixtures.randomSae(45, 8, 8);
        PairStability p = PairMetrics.compare(a, b);
        assertEquals(30, p.decoderMatching().size());
        assertEquals(30, p.decoderHistogram().total());
    }

    @Test
    void badInputsSayExpectedAndFound() {
        SaeDictionaries a = StabilityFixtures.randomSae(8, 16, 1);
        SaeDictionaries b = StabilityFixtures.randomSae(8, 12, 2);
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> PairMetrics.compare(a, b));
        assertTrue(dim.getMessage().contains("expected W_dec of B [G,16]") && dim.getMessage().contains("found [8,12]"),
                dim.getMessage());
        FloatMatrix nanDec = a.decoderFD().transpose().transpose();
        nanDec.set(3, 4, Float.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new SaeDictionaries(nanDec, a.encoderFD()));
        assertTrue(nan.getMessage().contains("expected finite values in W_dec [8,16], found NaN at [3,4]"), nan.getMessage());
        IllegalArgumentException enc = assertThrows(IllegalArgumentException.class,
                () -> SaeDictionaries.fromWeights(a.decoderFD(), a.decoderFD()));
        assertTrue(enc.getMessage().contains("expected W_enc [16,8]") && enc.getMessage().contains("found [8,16]"),
                enc.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new SaeDictionaries(new FloatMatrix(0, 16, new float[0]), a.encoderFD()));
        assertTrue(empty.getMessage().contains("found [0,16]"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairMetrics.compare(a, a, 1.5));
    }
}
