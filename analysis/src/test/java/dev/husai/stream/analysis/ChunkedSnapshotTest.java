package dev.husai.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.protocol.SnapshotChunks;
import dev.husai.core.tensor.FloatMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The analyzer takes a snapshot sent in chunks as the snapshot, at its last chunk; a broken chunk is dead-lettered. */
class ChunkedSnapshotTest {

    @Test
    void chunksAreAnalysedAsTheirSnapshotAndGiveTheSameMetrics() {
        FloatMatrix base = Snapshots.gaussian(Snapshots.F, Snapshots.D, 1);
        byte[] s0 = Snapshots.bytes(Snapshots.snapshot("g", 0, 10, Snapshots.stable(base, 1, 0.02), Map.of()));
        byte[] s1 = Snapshots.bytes(Snapshots.snapshot("g", 1, 10, Snapshots.stable(base, 2, 0.02), Map.of()));
        Analyzer whole = new Analyzer(AnalyzerOptions.defaults());
        whole.accept("g", s0);
        AnalysisOutput expected = whole.accept("g", s1);

        Analyzer chunked = new Analyzer(AnalyzerOptions.defaults());
        chunked.accept("g", s0);
        List<byte[]> parts = SnapshotChunks.split(s1, "g/1/10", 1000);
        assertTrue(parts.size() > 2, "a " + s1.length + "-byte snapshot in 1000-byte chunks");
        for (byte[] p : parts.subList(0, parts.size() - 1)) {
            assertSame(AnalysisOutput.NONE, chunked.accept("g", p), "nothing until the last chunk");
        }
        AnalysisOutput got = chunked.accept("g", parts.get(parts.size() - 1));
        assertNull(got.rejection());
        assertEquals(expected.metrics().stream().map(m -> m.type()).toList(), got.metrics().stream().map(m -> m.type()).toList());
        assertTrue(expected.metrics().stream().anyMatch(m -> Double.isFinite(m.number("pw_mcc_dec"))), "a pair point");
        for (int i = 0; i < expected.metrics().size(); i++) {
            assertEquals(expected.metrics().get(i).number("pw_mcc_dec"), got.metrics().get(i).number("pw_mcc_dec"), 0.0);
        }

        AnalysisOutput orphan = new Analyzer(AnalyzerOptions.defaults()).accept("g", parts.get(1));
        assertTrue(orphan.rejection().startsWith("expected chunk 0 of snapshot g|g/1/10"), orphan.rejection());
    }
}
