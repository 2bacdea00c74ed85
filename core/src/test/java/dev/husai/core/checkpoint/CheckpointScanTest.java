package dev.husai.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointScanTest {
    @TempDir Path tmp;

    @Test
    void saeLensStepFoldersUnderARunIdGiveSeedAndStep() {
        for (int seed : new int[] {3, 7}) {
            Path run = tmp.resolve("seed-" + seed).resolve("x1y2z3");
            PeerFixtures.saeLens(run.resolve("4096"), "topk", 6, 4, seed, DType.F32, Map.of());
            PeerFixtures.saeLens(run.resolve("8192"), "topk", 6, 4, seed, DType.F32, Map.of());
            PeerFixtures.saeLens(run.resolve("final_12288"), "topk", 6, 4, seed, DType.F32, Map.of());
        }
        List<CheckpointScan.Found> found = CheckpointScan.perSeed(tmp);
        assertEquals(6, found.size());
        assertEquals(List.of(3, 3, 3, 7, 7, 7), found.stream().map(CheckpointScan.Found::seed).toList());
        assertEquals(List.of(4096L, 8192L, 12288L), found.subList(0, 3).stream().map(CheckpointScan.Found::step).toList());
    }

    @Test
    void sparsifyRunsTakeTheirStepFromStatePtAndSkipBest() {
        for (int i = 0; i < 2; i++) {
            Path run = tmp.resolve("s" + (i + 10));
            PeerFixtures.sparsify(run.resolve("layers.6"), 6, 4, i, DType.F16);
            PeerFixtures.sparsify(run.resolve("best").resolve("layers.6"), 6, 4, i, DType.F16);
            PeerFixtures.sparsifyState(run, 2000);
        }
        List<CheckpointScan.Found> found = CheckpointScan.perSeed(tmp);
        assertEquals(2, found.size());
        assertEquals(List.of(10, 11), found.stream().map(CheckpointScan.Found::seed).toList());
        assertEquals(List.of(2000L, 2000L), found.stream().map(CheckpointScan.Found::step).toList());
        assertEquals(CheckpointFormat.SPARSIFY, found.get(0).format());
    }

    @Test
    void seedFolderWithTwoHookpointsIsAnError() {
        Path run = tmp.resolve("seed0");
        PeerFixtures.sparsify(run.resolve("layers.6"), 6, 4, 0, DType.F32);
        PeerFixtures.sparsify(run.resolve("layers.7"), 6, 4, 0, DType.F32);
        var e = assertThrows(IllegalArgumentException.class, () -> CheckpointScan.perSeed(tmp));
        assertTrue(e.getMessage().contains("expected checkpoints of one hookpoint") && e.getMessage().contains("[layers.6, layers.7]"),
                e.getMessage());
    }

    @Test
    void seedsComeFromTrailingNumbersElsePositions() {
        assertEquals(3, CheckpointScan.seedOf("seed-3", 0));
        assertEquals(12, CheckpointScan.seedOf("s12", 0));
        assertEquals(1, CheckpointScan.seedOf("beta", 1));
    }
}
