package dev.husai.app.cluster;

import dev.husai.app.sweep.SummaryFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A finished group's directory as records of the results topic: every file under {@code GROUP/} in chunks of at most
 * {@link #CHUNK_BYTES} (headers {@code husai.sweep}, {@code husai.group}, {@code husai.path}, {@code husai.chunk},
 * {@code husai.chunks}), the summary last. The worker sends them in one transaction; the coordinator
 * ({@link GroupAssembler}) writes them back into the same layout and counts the group done at its summary.
 */
final class GroupShipment {
    /** Largest chunk of a file in one record (below the topics' 16 MiB message limit). */
    static final int CHUNK_BYTES = 8 * 1024 * 1024;
    static final String SWEEP = "husai.sweep";
    static final String GROUP = "husai.group";
    static final String PATH = "husai.path";
    static final String CHUNK = "husai.chunk";
    static final String CHUNKS = "husai.chunks";

    private GroupShipment() {
    }

    /** The records of {@code groupDir} (files in path order, {@code summary.json} last). */
    static List<ProducerRecord<String, byte[]>> records(String topic, String sweep, String group, Path groupDir) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<Path> files = files(groupDir);
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(SummaryFile.NAME))
                .thenComparing(Path::toString));
        for (Path file : files) {
            String relative = groupDir.relativize(file).toString().replace('\\', '/');
            byte[] bytes = read(file);
            int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
            for (int c = 0; c < chunks; c++) {
                byte[] part = Arrays.copyOfRange(bytes, c * CHUNK_BYTES, Math.min(bytes.length, (c + 1) * CHUNK_BYTES));
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, sweep + "/" + group, part);
                header(r.headers(), SWEEP, sweep);
                header(r.headers(), GROUP, group);
                header(r.headers(), PATH, relative);
                header(r.headers(), CHUNK, Integer.toString(c));
                header(r.headers(), CHUNKS, Integer.toString(chunks));
                out.add(r);
            }
        }
        return out;
    }

    static String header(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void header(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the finished group " + dir, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
