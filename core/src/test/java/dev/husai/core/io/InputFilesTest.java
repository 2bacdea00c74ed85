package dev.husai.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsAFileAndNamesADirectoryOrAMissingFile() throws Exception {
        Path f = Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, InputFiles.readBytes(f, "an SAE file"));
        IllegalArgumentException isDir = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.readString(dir, "a sweep file (YAML or JSON)"));
        assertEquals("expected a sweep file (YAML or JSON) at " + dir + ", found a directory", isDir.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.readBytes(dir.resolve("nope"), "an SAE file"));
        assertEquals("expected an SAE file at " + dir.resolve("nope") + ", found no such file", missing.getMessage());
    }
}
