package dev.husai.app.cli;

import picocli.CommandLine.Command;

/** {@code husai bench ...}: benchmarks that print figures beside HUSAI's Python anchors (app/src/main/resources/anchors). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (run beside the Python anchors shipped in the jar).",
        subcommands = {BenchGrokCommand.class, BenchAlignCommand.class, BenchSaeCommand.class, BenchSoakCommand.class,
                dev.husai.app.stream.BenchStreamCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
