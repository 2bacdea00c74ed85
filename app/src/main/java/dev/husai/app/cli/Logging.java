package dev.husai.app.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one home of the launcher's log levels. By default only warnings and errors are logged, to stderr: no
 * DJL, Kafka or Vert.x INFO lines on stdout or before an error message. {@code --verbose} (anywhere on the command
 * line) turns INFO on. A level the user set with {@code -Dorg.slf4j.simpleLogger...} wins.
 */
public final class Logging {
    /** The flag that turns INFO logging on. */
    public static final String VERBOSE = "--verbose";
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /** Loggers that warn about what is normal here (no GPU; an empty metadata log at a new broker's first start). */
    private static final List<String> EXPECTED_WARNINGS = List.of("ai.djl.util.cuda",
            "org.apache.kafka.controller.QuorumController");
    /** java.util.logging holds loggers weakly: keep the ones configured here. */
    private static final Logger NETLIB = Logger.getLogger("dev.ludovic.netlib");

    private Logging() {
    }

    /** Sets the levels; call before the first logger is created (first thing in main). */
    public static void configure(boolean verbose) {
        setDefault(PREFIX + "logFile", "System.err");
        setDefault(PREFIX + "defaultLogLevel", verbose ? "info" : "warn");
        if (!verbose) {
            EXPECTED_WARNINGS.forEach(name -> setDefault(PREFIX + "log." + name, "error"));
            NETLIB.setLevel(Level.SEVERE);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
