package dev.husai.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code husai demo}: everything in one process on embedded defaults: a Kafka broker, the analyzer, the web UI
 * and two SAE groups training on the shipped grokked testbed. Ctrl-C shuts it all down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + analyzer + web UI + two SAE groups (TopK 8x, ReLU-L1 8x) training live.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "interface to bind (0.0.0.0 exposes the UI)") String host;
    @Option(names = "--port", defaultValue = "8080") int port;
    @Option(names = "--seeds", defaultValue = "4", description = "seeds per group (default ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--steps", defaultValue = "3000", description = "training steps per group (default ${DEFAULT-VALUE})") int steps;
    @Option(names = "--snapshot-every", defaultValue = "25", description = "steps between snapshots (default ${DEFAULT-VALUE})")
    int snapshotEvery;
    @Option(names = "--data-dir", description = "keep the broker's data here (default: a temporary directory, deleted on exit)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (seeds < 2 || seeds > 64) {
            throw new IllegalArgumentException("expected --seeds in [2, 64], found " + seeds);
        }
        LiveStack stack = LiveStack.start(host, port, dataDir, null);
        DemoTrainers trainers = new DemoTrainers();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(trainers, stack, done)));
        trainers.start(stack.bootstrap(), stack.topics(), seeds, steps, snapshotEvery);
        System.out.println("husai demo: broker " + stack.bootstrap() + ", analyzer (policy: alert + stop), 2 groups x "
                + seeds + " seeds training: 32 latents on Song et al.'s model organism (32 true atoms: its latents "
                + "crystallize across seeds) beside 512 latents on the testbed's 8-dimensional resid_post (they do not). "
                + "Ctrl-C to stop.");
        done.await();
        return 0;
    }

    private static void shutdown(DemoTrainers trainers, LiveStack stack, CountDownLatch done) {
        try {
            trainers.stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stack.close();
        System.out.println("husai demo: stopped");
        done.countDown();
    }
}
