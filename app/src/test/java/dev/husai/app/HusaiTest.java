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
        assertTrue(line.get().contains("expected libblas.so.3, found none") && line.get().contains("apt-get install libopenblas0"),
                line.get());
        assertTrue(Husai.blasWarning(new String[] {"demo"}, false).isPresent());
    }

    @Test
    void nativeBlasHelpAndCommandsThatComputeNothingStayQuiet() {
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"sweep", "study.yaml"}, true));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"sweep", "--help"}, false));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[] {"report", "runs"}, false));
        assertEquals(Optional.empty(), Husai.blasWarning(new String[0], false));
    }
}
