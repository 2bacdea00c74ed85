package dev.husai.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignBenchTest {

    @Test
    void smallRunPrintsOneAgreeingRowPerSize(@TempDir Path work) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<AlignBench.Row> rows = AlignBench.run(new PrintStream(buf, true, StandardCharsets.UTF_8), new int[] {64, 128}, work);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, rows.size());
        for (AlignBench.Row r : rows) {
            assertTrue(r.totalsAgree(), "our total " + r.total() + " vs scipy " + r.scipyTotal());
            assertTrue(r.greedyTotal() <= r.total() + 1e-6);
            assertTrue(r.total() > 0.95 * r.n(), "a noisy permuted copy matches with cosine ~1: " + r.total());
        }
        assertTrue(out.contains("BLAS backend"), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("128 ")), out);
    }
}
