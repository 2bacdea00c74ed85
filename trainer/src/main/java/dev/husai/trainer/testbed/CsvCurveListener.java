package dev.husai.trainer.testbed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes the training curve as CSV ({@code step,train_loss,train_acc,test_loss,test_acc,elapsed_ms}), flushed per line. */
public final class CsvCurveListener implements GrokListener, AutoCloseable {
    private final BufferedWriter out;

    public CsvCurveListener(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file);
        out.write("step,train_loss,train_acc,test_loss,test_acc,elapsed_ms\n");
    }

    @Override
    public void onEval(GrokProgress g) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6g,%.6f,%d%n", g.step(), g.trainLoss(),
                    g.trainAccuracy(), g.testLoss(), g.testAccuracy(), g.elapsedMillis()));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
