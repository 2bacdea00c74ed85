package dev.husai.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.husai.app.bench.PythonAnchor;
import dev.husai.app.sweep.SummaryFile;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.snapshot.SnapshotMetadata;
import dev.husai.core.snapshot.SyntheticSaes;
import dev.husai.core.stability.Summary;
import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.FamilyFigures;
import dev.husai.core.sweep.GroupResult;
import dev.husai.core.sweep.Quality;
import dev.husai.core.sweep.StabilityFigures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/python.md's script, {@code docs/python/husai_read.py}, run by the suite when a python3 with numpy is installed
 * (skipped otherwise, saying so): it reads a HUSAI snapshot (F16 and BF16 payloads), a sweep summary and the SSE
 * stream's documented format, and agrees with Java on every value.
 */
class PythonDocsTest {
    private static final Path SCRIPT = Path.of("..", "docs", "python", "husai_read.py");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String python;
    @TempDir Path tmp;

    @BeforeAll
    static void findPython() {
        Optional<String> p = PythonAnchor.python("numpy");
        Assumptions.assumeTrue(p.isPresent(), "skipped: no python3 imports numpy (apt-get install python3-numpy)");
        python = p.get();
    }

    private static JsonNode runLast(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return JSON.readTree("[" + String.join(",", out.split("\n")) + "]");
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    @Test
    void readsASnapshotInF16AndBf16() throws Exception {
        SaeWeights w = SyntheticSaes.tied(SyntheticSaes.gaussian(12, 4, 3));
        for (DType dtype : List.of(DType.F16, DType.BF16)) {
            Path file = tmp.resolve(dtype + ".safetensors");
            Files.write(file, new SaeSnapshot(SnapshotMetadata.required("g", 2, 300, "topk", "resid_post"), w).encode(dtype));
            JsonNode j = runLast("snapshot", file.toString()).get(0);
            assertEquals("300", j.get("metadata").get("step").asText());
            assertEquals("[12,4]", j.get("tensors").get("W_dec").get("shape").toString());
            // Java's own decoding of the same bytes (F16/BF16 widen exactly, so the sums agree to float64 rounding)
            float[] dec = SaeSnapshot.decode(Files.readAllBytes(file)).weights().wDecFD().data();
            assertEquals(sum(dec), j.get("tensors").get("W_dec").get("sum").asDouble(), 1e-9, dtype.name());
        }
    }

    @Test
    void readsASweepSummary() throws Exception {
        double[] pw = {0.5, 0.6, 0.7};
        double[] shared = {0.2, 0.3, 0.4};
        StabilityFigures f = new StabilityFigures(Summary.of(pw), Summary.of(shared), 0.3, 0.05, 0.3, 0.05, pw, shared);
        GroupResult g = new GroupResult("topk.f64.k8", Arch.TOPK, 64, 0.5, 8, 3, 200, f, f, 8, new Quality(0.1, 8, 0, 1),
                0.5, 0.5, new FamilyFigures(0.8, 0.1, 5, new double[] {0.8}), List.of(
                        new CurvePoint(100, 0.4, 0.3, 0.5, 0.1, 0.4, 0.1, 3), new CurvePoint(200, 0.6, 0.5, 0.7, 0.3, 0.6, 0.3, 3)),
                "resid_post", 1e-3, null, null, 0.7, null);
        new SummaryFile(SummaryFile.FORMAT_VERSION, List.of(0L, 1L, 2L), 1.5, g).write(tmp);
        JsonNode j = runLast("summary", tmp.resolve(SummaryFile.NAME).toString()).get(0);
        assertEquals("topk.f64.k8", j.get("group").asText());
        assertEquals(0.6, j.get("pw_mcc").asDouble(), 1e-12);
        assertEquals(0.3, j.get("baseline_pw_mcc").asDouble(), 1e-12);
        assertEquals("[[100,0.4],[200,0.6]]", j.get("curve").toString());
    }

    @Test
    void readsTheLiveChannelsEventFormat() throws Exception {
        String body = ": backfill done\nid: e1-1\nevent: metric\ndata: {\"type\":\"group\",\"group\":\"g\",\"step\":100}\n\n"
                + ": ping\nid: e1-2\nevent: alert\ndata: {\"type\":\"alert\",\"group\":\"g\",\"step\":200}\n\n";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/live", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the client stopped reading
            }
        });
        server.start();
        try {
            JsonNode j = runLast("live", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/live?group=g", "--max", "2");
            assertEquals(2, j.size());
            assertEquals("metric", j.get(0).get("event").asText());
            assertEquals(100, j.get(0).get("step").asInt());
            assertEquals("alert", j.get(1).get("event").asText());
        } finally {
            server.stop(0);
        }
    }
}
