package dev.husai.app.cli;

import dev.husai.core.checkpoint.CheckpointFormat;
import dev.husai.core.checkpoint.Checkpoints;
import dev.husai.core.checkpoint.SaeLensFormat;
import dev.husai.core.checkpoint.SparsifyFormat;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.snapshot.SaeSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code husai export --format saelens|sparsify SNAPSHOT OUT}: one SAE as a folder the peer library loads
 * ({@code SAE.load_from_disk(OUT)} in SAELens 6.18.0, {@code SparseCoder.load_from_disk(OUT)} in sparsify 1.3.0).
 * The weights file is written first and cfg.json last, each through a temporary file and a rename.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write an SAE (a HUSAI snapshot or any folder align reads) as a SAELens or sparsify folder.")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, description = "saelens (cfg.json + sae_weights.safetensors) or "
            + "sparsify (cfg.json + sae.safetensors; topk SAEs only)") String format;
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "the SAE to export") Path snapshot;
    @Parameters(index = "1", paramLabel = "OUT", description = "folder to write (created)") Path out;

    @Override
    public Integer call() throws IOException {
        CheckpointFormat f = CheckpointFormat.parse(format);
        if (f != CheckpointFormat.SAELENS && f != CheckpointFormat.SPARSIFY) {
            throw new IllegalArgumentException("expected --format saelens or sparsify, found " + format);
        }
        SaeSnapshot s = Checkpoints.read(snapshot);
        String bad = s.weights().firstNonFinite();
        if (bad != null) {
            throw new IllegalArgumentException(snapshot + ": expected finite weights to export, found " + bad);
        }
        write(f, s, out);
        System.out.println("wrote " + f.wireName() + " SAE [d_in " + s.weights().dIn() + ", d_sae " + s.weights().dSae()
                + ", arch " + s.meta("arch", "unknown") + "] to " + out);
        return 0;
    }

    /** Writes {@code s} into folder {@code out} in format {@code f} (weights first, cfg.json last). */
    public static void write(CheckpointFormat f, SaeSnapshot s, Path out) throws IOException {
        boolean lens = f == CheckpointFormat.SAELENS;
        String cfg = lens ? SaeLensFormat.cfgJson(s) : SparsifyFormat.cfgJson(s);
        byte[] weights = Safetensors.encode(lens ? SaeLensFormat.tensors(s.weights()) : SparsifyFormat.tensors(s.weights()),
                java.util.Map.of());
        Files.createDirectories(out);
        atomicWrite(out.resolve(lens ? SaeLensFormat.WEIGHTS : SparsifyFormat.WEIGHTS), weights);
        atomicWrite(out.resolve(lens ? SaeLensFormat.CFG : SparsifyFormat.CFG), cfg.getBytes(StandardCharsets.UTF_8));
    }

    private static void atomicWrite(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
