package dev.husai.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchStreamCommandTest {

    @Test
    void tinyBenchOnEmbeddedBrokerPrintsLatenciesAndRate() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new BenchStreamCommand()).execute("--seeds", "3", "--d-in", "16", "--d-sae", "64",
                    "--rate", "4", "--seconds", "3", "--backlog-steps", "3", "--target-p99-ms", "5000");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        assertTrue(out.matches("(?s).*p50 \\d+ ms, p99 \\d+ ms.*"), out);
        assertTrue(out.matches("(?s).*max sustainable rate of one analyzer \\(backlog\\): \\d+\\.\\d snapshots/s.*"), out);
        assertTrue(out.contains("matcher exact"), out);
    }

    @Test
    void badOptionsAreRejectedWithExpectedVsFound() {
        CommandLine cmd = new CommandLine(new BenchStreamCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err));
        int rc = cmd.execute("--seeds", "1");
        assertTrue(rc != 0);
        assertTrue(err.toString().contains("expected seeds >= 2"), err.toString());
    }
}
