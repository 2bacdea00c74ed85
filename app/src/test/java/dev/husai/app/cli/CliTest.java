package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.app.Husai;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.trainer.sae.DirectorySnapshotSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Husai.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void badModulusIsRejectedWithExpectedAndFound() {
        assertEquals(Errors.BAD_INPUT, run("grok", "--p", "2"));
        assertTrue(err.toString().contains("expected modulus p >= 3, found p = 2"), err.toString());
    }

    @Test
    void badTrainFractionIsRejected() {
        assertEquals(Errors.BAD_INPUT, run("grok", "--train-fraction", "1.5"));
        assertTrue(err.toString().contains("expected train fraction in (0, 1), found 1.5"), err.toString());
    }

    @Test
    void missingCheckpointIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.safetensors");
        assertEquals(Errors.BAD_INPUT, run("fourier", missing.toString()));
        assertTrue(err.toString().contains("expected a testbed checkpoint file (.safetensors) at " + missing
                + ", found no such file"), err.toString());
    }

    @Test
    void aDirectoryWhereAFileIsExpectedIsNamed(@TempDir Path dir) {
        assertEquals(Errors.BAD_INPUT, run("train", "--testbed", dir.toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("expected a testbed checkpoint file (.safetensors) at " + dir
                + ", found a directory"), err.toString());
        assertEquals(Errors.BAD_INPUT, run("sweep", dir.toString()));
        assertTrue(err.toString().contains("expected a sweep file (YAML or JSON) at " + dir + ", found a directory"),
                err.toString());
        assertTrue(!err.toString().contains("Exception"), err.toString());
    }

    @Test
    void tooFewStepsForTheWarmupIsExplainedBeforeAnythingLoads(@TempDir Path dir) {
        assertEquals(Errors.BAD_INPUT, run("train", "--steps", "10", "--out", dir.toString()));
        assertTrue(err.toString().contains("expected --warmup (lr warm-up steps) in [0, --steps 10), found 50; "
                + "lower --warmup or raise --steps"), err.toString());
        assertTrue(!err.toString().contains("-40"), err.toString());
        assertEquals(Errors.BAD_INPUT, run("train", "--arch", "foo", "--expansion", "2", "--out", dir.toString()));
        assertTrue(err.toString().contains("expected arch relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk, found foo"), err.toString());
    }

    @Test
    void widthIsGivenAsLatentsOrAsAnExpansionButNotBoth(@TempDir Path dir) {
        assertEquals(Errors.BAD_INPUT, run("train", "--d-sae", "8", "--expansion", "0.0625", "--out", dir.toString()));
        assertTrue(err.toString().contains("expected --d-sae or --expansion, found both (--d-sae 8, --expansion 0.0625)"),
                err.toString());
        assertEquals(Errors.BAD_INPUT, run("train", "--d-sae", "1", "--out", dir.toString()));
        assertTrue(err.toString().contains("expected d_sae in [2, 65536], found 1"), err.toString());
        assertEquals(Errors.BAD_INPUT, run("train", "--expansion", "0.3", "--out", dir.toString()));
        assertTrue(err.toString().contains("expected expansion x d_in (128) to be a whole number of latents, found 0.3 x 128 = 38.4"),
                err.toString());
    }

    @Test
    void trainsADictionaryOf8LatentsAtResidPost(@TempDir Path dir) throws Exception {
        assertEquals(0, run("train", "--d-sae", "8", "--k", "2", "--steps", "60", "--warmup", "10", "--seeds", "0..1",
                "--snapshot-every", "30", "--batch-size", "256", "--quiet", "--out", dir.toString()), err.toString());
        Path group = dir.resolve("resid_post.topk.f8.k2.lr0.001.b256.s60.w10d50");
        for (long seed : List.of(0L, 1L)) {
            SaeSnapshot fin = SaeSnapshot.decode(Files.readAllBytes(
                    DirectorySnapshotSink.seedDir(dir, group.getFileName().toString(), seed).resolve("final.safetensors")));
            assertEquals("8", fin.meta("d_sae", ""));
            assertEquals("0.0625", fin.meta("expansion", ""));
            assertEquals(List.of(8, 128), List.of(fin.weights().wDecFD().rows(), fin.weights().wDecFD().cols()));
        }
    }

    @Test
    void garbageSaeFileIsNamed(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "not a safetensors file at all");
        assertEquals(Errors.BAD_INPUT, run("align", junk.toString(), junk.toString()));
        assertTrue(err.toString().contains(junk + ": expected a header length"), err.toString());
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertEquals(2, run("grok", "--no-such-flag"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-flag'"), err.toString());
    }

    @Test
    void runningOutOfStepsIsReportedAsNotGrokkedWithFiles(@TempDir Path dir) throws Exception {
        int code = run("grok", "--p", "23", "--d-model", "32", "--heads", "2", "--d-head", "16", "--d-mlp", "64",
                "--max-steps", "40", "--eval-every", "20", "--out", dir.toString(), "--quiet");
        assertEquals(GrokCommand.DID_NOT_GROK, code);
        List<String> curve = Files.readAllLines(dir.resolve("curve.csv"));
        assertEquals("step,train_loss,train_acc,test_loss,test_acc,elapsed_ms", curve.get(0));
        assertEquals(3, curve.size(), "header + evaluations at steps 20 and 40");
        assertTrue(curve.get(2).startsWith("40,"));
        assertTrue(Files.size(dir.resolve("testbed.safetensors")) > 0);
        assertTrue(Files.readString(dir.resolve("fourier.json")).contains("\"key_frequencies\""));
    }
}
