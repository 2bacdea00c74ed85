package dev.husai.app.cli;

import dev.husai.app.Husai;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs the {@code husai} command in-process for tests, capturing its output. */
final class CliRun {
    private CliRun() {
    }

    /** Runs the CLI; returns its exit code and leaves its standard output and error (interleaved) in {@code out[0]}. */
    static int run(String[] out, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            return Husai.commandLine().setOut(new PrintWriter(both, true)).setErr(new PrintWriter(both, true))
                    .execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            out[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
