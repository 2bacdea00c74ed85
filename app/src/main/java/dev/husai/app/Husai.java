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
        try {
            System.exit(commandLine().execute(args));
        } catch (OutOfMemoryError e) {
            System.err.println(Errors.outOfMemory());
            System.exit(1);
        }
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
