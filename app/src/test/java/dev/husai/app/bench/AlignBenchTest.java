package dev.husai.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        assertTrue(out.lines().anyMatch(l -> l.startsWith("synthetic") && l.split(" +")[1].equals("128")), out);
    }

    @Test
    void fromGroupMatchesTheLastSnapshotsOfTwoSeeds(@TempDir Path work) throws Exception {
        Path group = work.resolve("resid_post.topk.f96.k4");
        SaeWeights base = SyntheticSaes.tied(SyntheticSaes.gaussian(96, 16, 1));
        SaeWeights moved = SyntheticSaes.permutedCopy(base.wDecFD(), 2, 0.01, 3);
        SaeWeights early = SyntheticSaes.tied(SyntheticSaes.gaussian(96, 16, 4));
        write(group, 0, 10, early);
        write(group, 0, 20, base);
        write(group, 1, 20, moved);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<AlignBench.Row> rows = AlignBench.fromGroup(new PrintStream(buf, true, StandardCharsets.UTF_8), group, work.resolve("w"));
        assertEquals(2, rows.size());
        AlignBench.Row r = rows.get(0);
        AlignBench.Row span = rows.get(1);
        assertEquals(96, r.n());
        assertEquals("in-span r=8", span.label());
        assertTrue(span.totalsAgree(), "in-span: dense " + span.total() + ", sparse " + span.sparseTotal()
                + ", scipy " + span.scipyTotal());
        assertTrue(r.totalsAgree(), "our total " + r.total() + " vs scipy " + r.scipyTotal());
        assertTrue(r.total() > 0.95 * 96, "the last snapshots (a permuted copy), not step 10: " + r.total());
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("seed-0 vs seed-1"), buf.toString(StandardCharsets.UTF_8));
    }

    private static void write(Path group, long seed, int step, SaeWeights w) throws Exception {
        Path dir = Files.createDirectories(group.resolve("seed-" + seed));
        byte[] bytes = new SaeSnapshot(SnapshotMetadata.required("g", seed, step, "topk", "resid_post"), w).encode(DType.F32);
        Files.write(dir.resolve(String.format("step-%06d.safetensors", step)), bytes);
    }
}
