package dev.husai.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The launcher's one line about a missing native BLAS: said where speed rests on it, and only there. */
class HusaiTest {

    @Test
    void aComputingCommandWithoutNativeBlasIsToldWhatToInstall() {
        Optional<String> line = Husai.blasWarning(new String[] {"sweep", "study.yaml", "--out", "runs"}, false);
        assertTrue(line.isPresent());
        assertTrue(line.get().contains("expected libblas.so.3 on LD_LIBRARY_PATH or in /usr/lib, found none")
                        && line.get().contains("apt-get install libopenblas0"),
                line.get());
        assertTrue(Husai.blasWarning(new String[] {"demo"}, false).isPresent());
    }

    @Test
    void aLibblasOnTheLibraryPathCounts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path lib = dir.resolve("lib");
        java.nio.file.Files.createDirectories(lib);
        java.nio.file.Files.writeString(lib.resolve("libblas.so.3"), "");
        assertTrue(Husai.nativeBlasOnPath("/nonexistent:" + lib));
        // the same answer as loading it would give on this machine (CI installs libopenblas0)
        assertEquals(dev.husai.core.align.CosineMatrix.isNative(), Husai.nativeBlasOnPath(""));
    }

    @Test
    void nativeBlasHelpAndCommandsThatComputeNothingStayQuiet() {
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"sweep", "study.yaml"}, true));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"sweep", "--help"}, false));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"report", "runs"}, false));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[0], false));
    }
}
