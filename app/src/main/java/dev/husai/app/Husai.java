package dev.husai.app;

import dev.husai.app.cli.AlignCommand;
import dev.husai.app.cli.AnalyzeCommand;
import dev.husai.app.cli.BenchCommand;
import dev.husai.app.cli.FourierCommand;
import dev.husai.app.cli.GrokCommand;
import dev.husai.app.cli.TrainCommand;
import dev.husai.app.cli.DemoCommand;
import dev.husai.app.cli.ServeCommand;
import dev.husai.app.cli.SynthCommand;
import dev.husai.app.cli.Errors;
import dev.husai.app.cli.Logging;
import dev.husai.app.stream.AnalyzerCommand;
import dev.husai.app.stream.BrokerCommand;
import dev.husai.app.stream.RecordCommand;
import dev.husai.app.stream.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code husai} command: one entry point, one subcommand per job. */
@Command(name = "husai", mixinStandardHelpOptions = true, version = "husai 0.1.0",
        description = "Hunting for Stable AI Features: train SAEs with many seeds, watch cross-seed stability.",
        subcommands = {DemoCommand.class, GrokCommand.class, TrainCommand.class, FourierCommand.class, AlignCommand.class, AnalyzeCommand.class, SynthCommand.class,
                dev.husai.app.cli.ExportCommand.class, dev.husai.app.watch.WatchCommand.class,
                BrokerCommand.class, AnalyzerCommand.class, RecordCommand.class, ReplayCommand.class, ServeCommand.class, BenchCommand.class,
                dev.husai.app.sweep.SweepCommand.class, dev.husai.app.cluster.WorkerCommand.class,
                dev.husai.app.report.ReportCommand.class})
public final class Husai implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = Logging.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "log INFO lines of DJL, Kafka and Vert.x too (default: warnings and errors only, on stderr)")
    boolean verbose;

    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args).contains(Logging.VERBOSE));
        blasWarning(args, nativeBlasOnPath(System.getenv("LD_LIBRARY_PATH"))).ifPresent(System.err::println);
        try {
            System.exit(commandLine().execute(args));
        } catch (OutOfMemoryError e) {
            System.err.println(Errors.outOfMemory());
            System.exit(1);
        }
    }

    /** Subcommands that train SAEs or compute cosine matrices, whose speed rests on a native BLAS. */
    private static final java.util.Set<String> BLAS_BOUND = java.util.Set.of("demo", "train", "sweep", "analyze", "align",
            "serve", "analyzer", "bench", "worker", "watch", "fourier", "synth");

    /**
     * The line to print before {@code args} run when no native BLAS is there ({@code nativeBlas} false) and the command is
     * one of {@link #BLAS_BOUND}: netlib's pure-Java fallback gives the same results several times slower (a one-group
     * sweep of 4,096 latents: 171 s against 45 s with OpenBLAS), without a word unless told.
     */
    static java.util.Optional<String> blasWarning(String[] args, boolean nativeBlas) {
        boolean bound = args.length > 0 && BLAS_BOUND.contains(args[0])
                && java.util.Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help"));
        return nativeBlas || !bound ? java.util.Optional.empty() : java.util.Optional.of("husai: no native BLAS found "
                + "(expected libblas.so.3 on LD_LIBRARY_PATH or in /usr/lib, found none): cosine matrices and stability "
                + "figures run in pure Java, several times slower; on Debian: apt-get install libopenblas0");
    }

    /** Where the dynamic linker finds Debian's (and most distributions') {@code libblas.so.3} without LD_LIBRARY_PATH. */
    private static final java.util.List<String> LIBRARY_DIRS = java.util.List.of("/usr/lib/x86_64-linux-gnu",
            "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib");

    /**
     * Whether a {@code libblas.so.3} is there for netlib's native BLAS to load: in a folder of {@code ldLibraryPath}
     * or of {@link #LIBRARY_DIRS}. Looked up as a file instead of by loading BLAS: loading it here, before the
     * command loads PyTorch, changes how OpenBLAS is set up for the process, and with it the last bits of every
     * training run (a one-group sweep's summary differed from the earlier jar's in 158 fields, from the first snapshot).
     */
    static boolean nativeBlasOnPath(String ldLibraryPath) {
        java.util.List<String> dirs = new java.util.ArrayList<>(LIBRARY_DIRS);
        if (ldLibraryPath != null) {
            dirs.addAll(0, java.util.Arrays.asList(ldLibraryPath.split(":")));
        }
        return dirs.stream().anyMatch(d -> !d.isEmpty() && java.nio.file.Files.exists(java.nio.file.Path.of(d, "libblas.so.3")));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Husai()).setExecutionExceptionHandler(Errors::handle);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
