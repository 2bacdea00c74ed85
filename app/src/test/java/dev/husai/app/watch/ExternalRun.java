package dev.husai.app.watch;

import dev.husai.app.cli.ExportCommand;
import dev.husai.core.checkpoint.CheckpointFormat;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes checkpoints as an external trainer does: SAELens step folders, sparsify's in-place folder + state.pt. */
final class ExternalRun {
    static final int D = 8;
    static final int F = 16;

    private ExternalRun() {
    }

    static SaeSnapshot sae(long seed) {
        Map<String, String> meta = new HashMap<>(SnapshotMetadata.required("ignored", seed, 0, "topk", "blocks.0.hook_resid_post"));
        meta.put("k", "2");
        return new SaeSnapshot(meta, SyntheticSaes.tied(SyntheticSaes.gaussian(F, D, seed)));
    }

    /** SAELens' trainer: {@code SEED_DIR/RUN_ID/STEP/} with sae_weights.safetensors then cfg.json. */
    static Path saeLensStep(Path seedDir, long step, long seed) throws IOException {
        Path dir = seedDir.resolve("run42").resolve(Long.toString(step));
        ExportCommand.write(CheckpointFormat.SAELENS, sae(seed * 1000 + step), dir);
        return dir;
    }

    /** sparsify's trainer: overwrites {@code SEED_DIR/layers.0/} then writes state.pt with the global step. */
    static void sparsifyStep(Path seedDir, int step, long seed) throws IOException {
        ExportCommand.write(CheckpointFormat.SPARSIFY, sae(seed * 1000 + step), seedDir.resolve("layers.0"));
        byte[] pickle = {(byte) 0x80, 2, '}', 'q', 0, 'X', 11, 0, 0, 0, 'g', 'l', 'o', 'b', 'a', 'l', '_', 's', 't',
            'e', 'p', 'q', 1, 'J', (byte) step, (byte) (step >> 8), (byte) (step >> 16), (byte) (step >> 24), 's', '.'};
        Path tmp = seedDir.resolve("state.pt.tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            zip.putNextEntry(new ZipEntry("state/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
        }
        Files.move(tmp, seedDir.resolve("state.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
