package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.align.Matching;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.stability.SaeDictionaries;
import org.junit.jupiter.api.Test;

class LivePairsTest {

    static SaeDictionaries dict(SaeWeights w) {
        return SaeDictionaries.fromWeights(w.wDecFD(), w.wEncDF());
    }

    @Test
    void exactLiveNumbersEqualCorePairReport() {
        SaeDictionaries a = dict(Snapshots.random(48, 12, 1));
        SaeDictionaries b = dict(Snapshots.stable(Snapshots.gaussian(48, 12, 1), 5, 0.6));
        PairReport core = PairReport.of(a, b, 0.7);
        PairReport live = LivePairs.report(PairMetrics.unitRows(a), PairMetrics.unitRows(b), 0.7, false);
        assertEquals(core.observed().pwMccDecoder(), live.observed().pwMccDecoder(), 1e-6);
        assertEquals(core.observed().pwMccEncoder(), live.observed().pwMccEncoder(), 1e-6);
        assertEquals(core.observed().sharedFraction(), live.observed().sharedFraction(), 1e-12);
        assertArrayEquals(core.observed().decoderMatching().cols(), live.observed().decoderMatching().cols());
        assertEquals(core.randomBaseline().pwMccDecoder(), live.randomBaseline().pwMccDecoder(), 0.0);
        assertTrue(core.observed().sharedFraction() > 0 && core.observed().sharedFraction() < 1,
                "fixture has some shared and some unshared latents: " + core.observed().sharedFraction());
    }

    @Test
    void greedyIsLabelledAndNeverAboveExact() {
        SaeDictionaries a = PairMetrics.unitRows(dict(Snapshots.random(40, 8, 2)));
        SaeDictionaries b = PairMetrics.unitRows(dict(Snapshots.random(40, 8, 3)));
        PairReport exact = LivePairs.report(a, b, 0.7, false);
        PairReport greedy = LivePairs.report(a, b, 0.7, true);
        assertEquals(Matching.Method.GREEDY, greedy.observed().decoderMatching().method());
        assertEquals(Matching.Method.GREEDY, greedy.randomBaseline().decoderMatching().method());
        assertTrue(greedy.observed().pwMccDecoder() <= exact.observed().pwMccDecoder() + 1e-9);
    }
}
