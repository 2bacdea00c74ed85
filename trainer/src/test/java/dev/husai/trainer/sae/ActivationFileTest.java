package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.format.EncodedRows;
import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.tensor.Activations;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own activations, memory-mapped: the same rows as on the heap, and the same training. */
class ActivationFileTest {
    private static final FloatMatrix DATA = PlantedFeatures.generate(16, 24, 2048, 3, 11).dataND();

    private static SaeConfig config(int dIn) {
        return SaeConfig.builder(HookPoint.external("acts"), dIn).dSae(32).k(3).lr(3e-3).batchSize(128).steps(60)
                .snapshotEvery(30).seeds(List.of(0L, 1L)).deadWindow(20).build();
    }

    private static Map<Long, MultiSeedTrainer.SeedResult> train(Activations data, InMemorySnapshotSink sink) {
        try (MultiSeedTrainer t = new MultiSeedTrainer(config(data.cols()), data, null, null, sink, List.of())) {
            return t.run();
        }
    }

    @Test
    void mappedNpyRowsEqualTheOnHeapMatrix(@TempDir Path dir) throws Exception {
        Path f32 = Files.write(dir.resolve("acts.npy"), Npy.encode(DATA, DType.F32));
        int[] rows = {0, 2047, 5, 1000, 5};
        assertEquals(DATA.gather(rows), ActivationFile.open(f32, null).gather(rows));
        Path f16 = Files.write(dir.resolve("half.npy"), Npy.encode(DATA, DType.F16));
        FloatMatrix rounded = Npy.read(Files.readAllBytes(f16));
        EncodedRows half = ActivationFile.open(f16, null);
        assertEquals(rounded, half.gather(Activations.spread(half.rows(), half.rows())));
        assertEquals(Map.of("activations", "half.npy", "activations_rows", "2048", "activations_dtype", "F16"),
                half.describe());
    }

    @Test
    void aSafetensorsTensorIsChosenByNameOrAsTheOnly2dOne(@TempDir Path dir) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("resid", Tensor.of(DATA));
        tensors.put("mlp", Tensor.of(DATA.transpose()).as(DType.F16));
        Path file = Files.write(dir.resolve("acts.safetensors"), Safetensors.encode(tensors, Map.of()));
        assertEquals(DATA.gather(new int[] {7, 9}), ActivationFile.open(file, "resid").gather(new int[] {7, 9}));
        assertEquals(16, ActivationFile.open(file, "mlp").rows());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> ActivationFile.open(file, null));
        assertTrue(both.getMessage().contains("resid [2048,16] F32, mlp [16,2048] F16"), both.getMessage());
        IllegalArgumentException npyTensor = assertThrows(IllegalArgumentException.class,
                () -> ActivationFile.open(Files.write(dir.resolve("a.npy"), Npy.encode(DATA, DType.F32)), "resid"));
        assertTrue(npyTensor.getMessage().contains("--tensor only with a .safetensors file"), npyTensor.getMessage());
    }

    @Test
    void aTruncatedFileSaysHowManyBytesItNeeds(@TempDir Path dir) throws Exception {
        byte[] full = Npy.encode(DATA, DType.F32);
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(full, full.length - 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationFile.open(cut, null));
        assertTrue(e.getMessage().contains("of at least " + full.length + " bytes") && e.getMessage().contains("2048 x 16 F32"),
                e.getMessage());
    }

    @Test
    void mappedDataTrainsExactlyAsTheOnHeapMatrixAndTheMetadataNamesIt(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("acts.npy"), Npy.encode(DATA, DType.F32));
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        Map<Long, MultiSeedTrainer.SeedResult> mapped = train(ActivationFile.open(file, null), sink);
        Map<Long, MultiSeedTrainer.SeedResult> heap = train(DATA, new InMemorySnapshotSink());
        for (long seed : List.of(0L, 1L)) {
            assertEquals(heap.get(seed).weights().wDecFD(), mapped.get(seed).weights().wDecFD());
            assertEquals(heap.get(seed).metrics(), mapped.get(seed).metrics());
        }
        SaeSnapshot last = sink.ofSeed(1L).get(sink.ofSeed(1L).size() - 1);
        assertEquals("acts", last.meta("hook", ""));
        assertEquals("acts.npy", last.meta("activations", ""));
        assertEquals("2048", last.meta("activations_rows", ""));
        assertEquals("2048", last.meta("eval_rows", ""), "all rows: N <= " + MultiSeedTrainer.EVAL_ROWS);
    }

    @Test
    void moreRowsThanTheEvaluationBoundEvaluateAnEvenlySpacedSubsetDeterministically(@TempDir Path dir)
            throws Exception {
        FloatMatrix big = PlantedFeatures.generate(4, 6, 20_000, 2, 5).dataND();
        Path file = Files.write(dir.resolve("big.npy"), Npy.encode(big, DType.F16));
        InMemorySnapshotSink sink = new InMemorySnapshotSink();
        Map<Long, MultiSeedTrainer.SeedResult> first = train(ActivationFile.open(file, null), sink);
        Map<Long, MultiSeedTrainer.SeedResult> second = train(ActivationFile.open(file, null), new InMemorySnapshotSink());
        assertEquals(first.get(0L).weights().wDecFD(), second.get(0L).weights().wDecFD());
        assertEquals(Integer.toString(MultiSeedTrainer.EVAL_ROWS), sink.snapshots().get(0).meta("eval_rows", ""));
        assertTrue(first.get(0L).metrics().get("fvu") < 1, first.get(0L).metrics().toString());
    }
}
