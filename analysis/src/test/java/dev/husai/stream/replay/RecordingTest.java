package dev.husai.stream.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {
    @TempDir
    Path tmp;

    @Test
    void analyzerOptionsTravelWithTheRecords() {
        Path f = tmp.resolve("r.husairec");
        String options = "{\"tau\":0.5,\"matcher\":\"GREEDY\"}";
        Recording.write(f, new Recording.Contents(options, List.of(new Recording.Entry(5, "g", new byte[] {1, 2}))));
        Recording.Contents back = Recording.readAll(f);
        assertEquals(options, back.analyzerOptions());
        assertArrayEquals(new byte[] {1, 2}, back.entries().get(0).value());
        Recording.write(f, List.of(new Recording.Entry(5, "g", new byte[] {3})));
        assertNull(Recording.readAll(f).analyzerOptions(), "written without options");
    }

    @Test
    void aVersionOneFileStillReadsWithoutOptions() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("HUSAIREC".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeLong(7);
            out.writeInt(1);
            out.write('g');
            out.writeInt(2);
            out.write(new byte[] {4, 5});
        }
        Path f = Files.write(tmp.resolve("v1.husairec"), bytes.toByteArray());
        Recording.Contents c = Recording.readAll(f);
        assertNull(c.analyzerOptions());
        assertEquals(7, c.entries().get(0).timestampMs());
        assertArrayEquals(new byte[] {4, 5}, c.entries().get(0).value());
    }
}
