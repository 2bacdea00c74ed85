package dev.husai.app.cli;

import dev.husai.core.safetensors.SafetensorsException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns expected failures (bad input, missing files) into one clear line on stderr and exit code 2,
 * instead of a stack trace; anything else is a bug and keeps its trace.
 */
public final class Errors {
    /** Exit code for input the user can fix. */
    public static final int BAD_INPUT = 2;

    private Errors() {
    }

    /** What to say when the Java heap ran out: the heap this run had and how to give it more. */
    public static String outOfMemory() {
        String heap = System.getProperty("husai.heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        return "husai: expected the work to fit in the Java heap (" + heap + "), found it did not; run with a larger heap, "
                + "e.g. HUSAI_HEAP=8g app/bin/husai ... (fewer seeds or a narrower dictionary also fit)";
    }

    public static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof SafetensorsException
                || e instanceof UncheckedIOException) {
            cmd.getErr().println("husai " + cmd.getCommandName() + ": " + e.getMessage());
            return BAD_INPUT;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
