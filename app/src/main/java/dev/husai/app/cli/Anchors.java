package dev.husai.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a Python anchor script from {@code ../shared/bench} (Debian's python3 with python3-torch /
 * python3-scipy) and parses the one JSON line it prints. The shared folder is taken from the system
 * property {@code husai.shared}, else {@code ../shared} or {@code ../../shared} from the working directory.
 */
public final class Anchors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Anchors() {
    }

    /** The anchor script, if the shared folder is found. */
    public static Optional<Path> script(String name) {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("husai.shared");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("..", "shared"));
        candidates.add(Path.of("..", "..", "shared"));
        return candidates.stream().map(p -> p.resolve("bench").resolve(name)).filter(Files::isRegularFile).findFirst();
    }

    /** The Python to use: Debian's /usr/bin/python3 (where apt puts torch and scipy), else python3 on PATH. */
    public static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Runs {@code python3 script args...}; returns its last JSON line, or empty with the reason printed
     * when the script or its Python packages are missing.
     */
    public static Optional<JsonNode> run(String scriptName, List<String> args) throws IOException, InterruptedException {
        Optional<Path> script = script(scriptName);
        if (script.isEmpty()) {
            System.out.println("anchor " + scriptName + ": not found (set -Dhusai.shared=PATH/TO/shared); ours only");
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(List.of(python(), script.get().toString()));
        cmd.addAll(args);
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = proc.waitFor();
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        if (rc != 0 || !last.startsWith("{")) {
            System.out.println("anchor " + scriptName + " failed (exit " + rc + "; needs Debian's python3-torch/python3-scipy): "
                    + last);
            return Optional.empty();
        }
        return Optional.of(JSON.readTree(last));
    }
}
