package dev.husai.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Half;
import dev.husai.core.snapshot.SaeSnapshot;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pythia-sized SAE (d_in 768, d_sae 32768, F16: 96 MiB of weights) read in place: the heap the reading thread
 * allocates is the float arrays it returns (2 x 768 x 32768 x 4 bytes = 192 MiB) plus less than half the payload's
 * size in one-off costs, so the file's bytes are never copied onto the heap (a {@code readAllBytes} would add 96 MiB).
 */
class LargeCheckpointTest {
    private static final int D = 768;
    private static final int F = 32768;
    @TempDir Path tmp;

    /** Element (r, c) of a stored [rows, cols] tensor: exact in F16. */
    private static float value(int r, int c) {
        return ((r * 31 + c * 17) % 2048) / 1024f - 1f;
    }

    /** Writes a safetensors file tensor by tensor through a small buffer (the test never holds the payload). */
    private static void writeF16(Path file, String[] names, int[][] shapes) throws IOException {
        StringBuilder h = new StringBuilder("{");
        long off = 0;
        for (int i = 0; i < names.length; i++) {
            long n = (long) shapes[i][0] * (shapes[i].length > 1 ? shapes[i][1] : 1);
            String shape = shapes[i].length > 1 ? shapes[i][0] + "," + shapes[i][1] : Integer.toString(shapes[i][0]);
            h.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":{\"dtype\":\"F16\",\"shape\":[")
                    .append(shape).append("],\"data_offsets\":[").append(off).append(',').append(off + 2 * n).append("]}");
            off += 2 * n;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            ch.write(ByteBuffer.wrap(header));
            for (int[] s : shapes) {
                int rows = s[0];
                int cols = s.length > 1 ? s[1] : 1;
                ByteBuffer row = ByteBuffer.allocate(2 * (s.length > 1 ? cols : rows)).order(ByteOrder.LITTLE_ENDIAN);
                for (int r = 0; r < (s.length > 1 ? rows : 1); r++) {
                    row.clear();
                    for (int c = 0; c < (s.length > 1 ? cols : rows); c++) {
                        row.putShort(Half.fromFloat(value(s.length > 1 ? r : 0, c)));
                    }
                    ch.write(row.flip());
                }
            }
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static void assertReadInPlace(Path folder, boolean encoderTransposed) {
        long before = allocatedBytes();
        SaeSnapshot s = Checkpoints.read(folder);
        long allocated = allocatedBytes() - before;
        long floats = 2L * D * F * 4;
        assertEquals(F, s.weights().dSae());
        assertEquals(D, s.weights().dIn());
        assertEquals(value(12345, 700), s.weights().wDecFD().get(12345, 700));
        float enc = encoderTransposed ? value(20000, 5) : value(5, 20000);
        assertEquals(enc, s.weights().wEncDF().get(5, 20000));
        long fileBytes = floats / 2;
        // one-off costs (class loading, JSON) stay far below a copy of the file, which would add fileBytes
        assertTrue(allocated < floats + fileBytes / 2, "allocated " + allocated + " bytes to return " + floats
                + " bytes of floats from a " + fileBytes + "-byte payload");
    }

    @Test
    void pythiaSizedSaeLensF16IsDecodedStraightIntoItsArrays() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("saelens"));
        writeF16(dir.resolve("sae_weights.safetensors"), new String[] {"W_enc", "W_dec", "b_enc", "b_dec"},
                new int[][] {{D, F}, {F, D}, {F}, {D}});
        Files.writeString(dir.resolve("cfg.json"), "{\"architecture\": \"topk\", \"d_in\": " + D + ", \"d_sae\": " + F
                + ", \"k\": 64, \"dtype\": \"float16\", \"metadata\": {\"hook_name\": \"blocks.6.hook_resid_post\"}}");
        assertReadInPlace(dir, false);
    }

    @Test
    void pythiaSizedSparsifyF16IsTransposedWithoutACopy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("layers.6"));
        writeF16(dir.resolve("sae.safetensors"), new String[] {"encoder.weight", "encoder.bias", "W_dec", "b_dec"},
                new int[][] {{F, D}, {F}, {F, D}, {D}});
        Files.writeString(dir.resolve("cfg.json"), "{\"activation\": \"topk\", \"num_latents\": " + F + ", \"k\": 64, \"d_in\": "
                + D + ", \"transcode\": false}");
        assertReadInPlace(dir, true);
    }
}
