package dev.husai.app.cli;

import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.synth.SynthData;
import dev.husai.core.synth.SynthGenerator;
import dev.husai.core.synth.SynthSpec;
import dev.husai.core.synth.TruthDictionary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai synth}: a positive control. Writes {@code DIR/activations.npy} (float32 {@code [N, D]}, X = Z T) and
 * {@code DIR/truth.safetensors} (the atoms as {@code W_dec [T, D]} with the domain's parameters as metadata).
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write synthetic activations from a known dictionary (positive controls), with the dictionary beside them.")
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--domain", defaultValue = "song",
            description = "song (Song et al. 2025 model organism: d 16, 32 atoms, 3 per row) or synthbench "
                    + "(d 64, 4d atoms, Zipfian, hierarchical, noisy) (default ${DEFAULT-VALUE})")
    String domain;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "generator seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--rows", description = "rows N (default 50000)") Integer rows;
    @Option(names = "--d", description = "input dimension D (default: the domain's, 16 or 64)") Integer d;
    @Option(names = "--atoms", description = "true atoms T (default: the domain's, 32 or 4 D)") Integer atoms;

    @Override
    public Integer call() throws Exception {
        SynthSpec base = SynthSpec.of(SynthSpec.Domain.parse(domain), seed);
        int dim = d == null ? base.d() : d;
        int t = atoms != null ? atoms : base.domain() == SynthSpec.Domain.SYNTHBENCH ? 4 * dim : base.atoms();
        SynthSpec spec = base.withSizes(dim, t, rows == null ? base.rows() : rows);
        SynthData data = SynthGenerator.generate(spec);
        Files.createDirectories(out);
        Path acts = Files.write(out.resolve("activations.npy"), Npy.encode(data.activationsND(), DType.F32));
        Path truth = Files.write(out.resolve("truth.safetensors"), TruthDictionary.of(data).encode());
        System.out.printf(Locale.ROOT, "wrote %s (float32 [%d, %d]) and %s (W_dec [%d, %d]), domain %s, seed %d%n",
                acts, spec.rows(), spec.d(), truth, spec.atoms(), spec.d(), spec.domain().wireName(), seed);
        System.out.println("next: husai train --activations " + acts + " --d-sae " + spec.atoms() + " --k "
                + nextK(spec) + " --out " + out.resolve("runs"));
        System.out.println("then: husai analyze " + out.resolve("runs") + "/<group> --truth " + truth);
        return 0;
    }

    private static int nextK(SynthSpec spec) {
        return spec.domain() == SynthSpec.Domain.SONG ? spec.activePerRow() : (int) Math.round(spec.meanL0());
    }
}
