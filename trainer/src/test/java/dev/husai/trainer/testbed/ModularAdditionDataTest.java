package dev.husai.trainer.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModularAdditionDataTest {

    @Test
    void splitIsDeterministicInTheSeedAndPartitionsAllPairs() {
        ModularAdditionData a = new ModularAdditionData(23, 0.3, 7);
        ModularAdditionData b = new ModularAdditionData(23, 0.3, 7);
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertArrayEquals(a.testIndices(), b.testIndices());
        assertEquals((int) Math.floor(0.3 * 529), a.trainIndices().length);
        int[] all = IntStream.concat(Arrays.stream(a.trainIndices()), Arrays.stream(a.testIndices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 529).toArray(), all);
        assertFalse(Arrays.equals(a.trainIndices(), new ModularAdditionData(23, 0.3, 8).trainIndices()));
    }

    @Test
    void labelsAreTheModularSum() {
        ModularAdditionData d = new ModularAdditionData(7, 0.5, 0);
        int i = 5 * 7 + 4;
        assertEquals(5, d.a(i));
        assertEquals(4, d.b(i));
        assertEquals(2, d.label(i));
    }

    @Test
    void badInputIsRejectedWithExpectedAndFound() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ModularAdditionData(2, 0.5, 0));
        assertEquals("expected modulus p >= 3, found p = 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModularAdditionData(23, 1.0, 0));
        assertEquals("expected train fraction in (0, 1), found 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModularAdditionData(23, 0, 0));
        assertEquals("expected train fraction in (0, 1), found 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GrokConfig.defaults(new TestbedConfig(1, 8, 1, 8, 8), 0.5, 0));
        assertEquals("expected modulus p >= 3, found p = 1", e.getMessage());
    }
}
