package dev.husai.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python anchor scripts the benchmarks run beside their own figures: HUSAI's own, shipped in the jar
 * ({@code app/src/main/resources/anchors/*.py}), copied to a temporary folder the first time one is asked for (so a
 * benchmark depends on no folder outside the repository), run with the first python3 that has the modules.
 */
public final class PythonAnchor {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The anchors shipped in the jar. */
    public static final List<String> SCRIPTS = List.of("anchor_grok.py", "anchor_lap.py", "anchor_sae_step.py",
            "anchor_sae_seeds.py", "anchor_sae_archs.py", "anchor_timing.py");
    private static Path extracted;

    private PythonAnchor() {
    }

    /** Interpreters tried in order: python3 on PATH, then Debian's (where apt's python3-torch/-scipy live). */
    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");

    /** Empty if a python3 with numpy and scipy runs; otherwise the reason. */
    public static Optional<String> unavailableReason() {
        return python("numpy, scipy.optimize").isPresent() ? Optional.empty()
                : Optional.of("no python3 can import numpy and scipy (apt-get install python3-scipy)");
    }

    /** The first interpreter that can {@code import modules}, e.g. {@code "torch"}. */
    public static Optional<String> python(String modules) {
        for (String python : INTERPRETERS) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The anchor script {@code NAME} (one of {@link #SCRIPTS}), copied out of the jar; empty if it is not there. */
    public static synchronized Optional<Path> script(String name) {
        if (!SCRIPTS.contains(name)) {
            return Optional.empty();
        }
        try {
            if (extracted == null) {
                Path dir = Files.createTempDirectory("husai-anchors-");
                dir.toFile().deleteOnExit();
                for (String s : SCRIPTS) {
                    try (InputStream in = PythonAnchor.class.getResourceAsStream("/anchors/" + s)) {
                        if (in != null) {
                            Path file = dir.resolve(s);
                            Files.copy(in, file);
                            file.toFile().deleteOnExit();
                        }
                    }
                }
                extracted = dir;
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(extracted.resolve(name)).filter(Files::isRegularFile);
    }

    /**
     * Runs {@code python3 script args...} and parses the last stdout line as JSON.
     *
     * @throws IOException if the script fails (its output is in the message)
     */
    public static JsonNode run(Path script, List<String> args) throws IOException {
        return run(python("numpy, scipy.optimize").orElse("python3"), script, args);
    }

    /** Runs the script with the given interpreter (see {@link #python(String)}). */
    public static JsonNode run(String python, Path script, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("expected exit 0 from " + String.join(" ", cmd) + ", found " + p.exitValue()
                        + ": " + lastLine(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + script, e);
        }
        return JSON.readTree(lastLine(out));
    }

    private static String lastLine(String s) {
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }
}
