package dev.husai.app.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.snapshot.SaeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's rules on a fake clock: settle before reading, once per step, across restarts, vanished and bad files. */
class CheckpointWatcherTest {
    @TempDir Path tmp;
    final AtomicLong now = new AtomicLong(1_000_000);
    final List<SaeSnapshot> sent = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    private CheckpointWatcher watcher(List<Path> seeds) {
        return new CheckpointWatcher(seeds, "ext", sent::add, PublishedLog.open(tmp.resolve("state"), "ext"), 500, now::get,
                lines::add);
    }

    private List<String> sentIds() {
        return sent.stream().map(s -> s.meta("group", "") + "/" + s.meta("seed", "") + "/" + s.meta("step", "")).toList();
    }

    @Test
    void saeLensStepsArePublishedOnceSettledInStepOrderAndNeverTwice() throws Exception {
        Path s1 = tmp.resolve("seed-1");
        Path s2 = tmp.resolve("seed-2");
        ExternalRun.saeLensStep(s1, 4096, 1);
        ExternalRun.saeLensStep(s2, 4096, 2);
        CheckpointWatcher w = watcher(List.of(s1, s2));
        assertEquals(0, w.poll(), "first sight: not yet settled");
        now.addAndGet(499);
        assertEquals(0, w.poll());
        now.addAndGet(1);
        assertEquals(2, w.poll());
        assertEquals(List.of("ext/1/4096", "ext/2/4096"), sentIds());
        assertEquals("saelens", sent.get(0).meta("source_format", null));
        ExternalRun.saeLensStep(s1, 8192, 1);
        now.addAndGet(1000);
        assertEquals(0, w.poll());
        now.addAndGet(1000);
        assertEquals(1, w.poll());
        now.addAndGet(1000);
        assertEquals(0, w.poll(), "nothing twice");
        // a restart reads the state file: nothing is sent again, a new step still is
        CheckpointWatcher restarted = watcher(List.of(s1, s2));
        ExternalRun.saeLensStep(s2, 8192, 2);
        restarted.poll();
        now.addAndGet(1000);
        assertEquals(1, restarted.poll());
        assertEquals(List.of("ext/1/4096", "ext/2/4096", "ext/1/8192", "ext/2/8192"), sentIds());
    }

    @Test
    void aFileStillGrowingIsWaitedForAndATruncatedOneIsSkippedWithItsReason() throws Exception {
        Path s1 = tmp.resolve("seed-1");
        Path step = ExternalRun.saeLensStep(s1, 100, 1);
        Path weights = step.resolve("sae_weights.safetensors");
        byte[] full = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(full, full.length / 2));
        CheckpointWatcher w = watcher(List.of(s1));
        w.poll();
        now.addAndGet(400);
        Files.write(weights, full);   // the trainer finished writing within the settle time
        Files.setLastModifiedTime(weights, java.nio.file.attribute.FileTime.fromMillis(now.get()));
        assertEquals(0, w.poll(), "changed: settle again");
        now.addAndGet(600);
        assertEquals(1, w.poll());
        // a truncated checkpoint that stays so is skipped, with the reason, and not retried
        Path bad = ExternalRun.saeLensStep(s1, 200, 1).resolve("sae_weights.safetensors");
        Files.write(bad, java.util.Arrays.copyOf(full, full.length - 8));
        w.poll();
        now.addAndGet(600);
        assertEquals(0, w.poll());
        assertTrue(lines.stream().anyMatch(l -> l.contains("seed 1 step 200 skipped:") && l.contains("expected")), lines.toString());
        int logged = lines.size();
        now.addAndGet(600);
        w.poll();
        assertEquals(logged, lines.size(), "not retried while unchanged");
    }

    @Test
    void aVanishedCheckpointIsLoggedAndSkipped() throws Exception {
        Path s1 = tmp.resolve("seed-1");
        Path step = ExternalRun.saeLensStep(s1, 100, 1);
        CheckpointWatcher w = watcher(List.of(s1, tmp.resolve("seed-9")));
        w.poll();
        for (Path p : List.of(step.resolve("cfg.json"), step.resolve("sae_weights.safetensors"))) {
            Files.delete(p);
        }
        now.addAndGet(600);
        assertEquals(0, w.poll());
        assertTrue(sent.isEmpty());
        // a folder that does not exist (yet) is no error: the run may not have started that seed
        ExternalRun.saeLensStep(s1, 200, 1);
        w.poll();
        now.addAndGet(600);
        assertEquals(1, w.poll());
        assertEquals(List.of("ext/1/200"), sentIds());
    }

    @Test
    void sparsifyInPlaceCheckpointsArePublishedPerGlobalStep() throws Exception {
        Path s3 = tmp.resolve("s3");
        ExternalRun.sparsifyStep(s3, 1000, 3);
        CheckpointWatcher w = watcher(List.of(s3));
        w.poll();
        now.addAndGet(600);
        assertEquals(1, w.poll());
        ExternalRun.sparsifyStep(s3, 2000, 3);
        w.poll();
        now.addAndGet(600);
        assertEquals(1, w.poll());
        assertEquals(List.of("ext/3/1000", "ext/3/2000"), sentIds());
        assertEquals("layers.0", sent.get(1).meta("hook", null));
        assertEquals(ExternalRun.sae(3 * 1000 + 2000).weights().wDecFD(), sent.get(1).weights().wDecFD());
    }
}
