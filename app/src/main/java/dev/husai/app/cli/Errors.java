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
