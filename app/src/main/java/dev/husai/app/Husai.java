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
        blasWarning(args, dev.husai.core.align.CosineMatrix.isNative()).ifPresent(System.err::println);
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
     * The line to print before {@code args} run when BLAS is not native ({@code nativeBlas} false) and the command is
     * one of {@link #BLAS_BOUND}: netlib's pure-Java fallback gives the same results several times slower (a one-group
     * sweep of 4,096 latents: 171 s against 45 s with OpenBLAS), without a word unless told.
     */
    static java.util.Optional<String> blasWarning(String[] args, boolean nativeBlas) {
        boolean bound = args.length > 0 && BLAS_BOUND.contains(args[0])
                && java.util.Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help"));
        return nativeBlas || !bound ? java.util.Optional.empty() : java.util.Optional.of("husai: no native BLAS loaded "
                + "(expected libblas.so.3, found none): cosine matrices and stability figures run in pure Java, several "
                + "times slower; on Debian: apt-get install libopenblas0");
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
