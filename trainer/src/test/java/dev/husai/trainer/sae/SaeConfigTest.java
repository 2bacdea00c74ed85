package dev.husai.trainer.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.SaeConfig.Arch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid configurations are rejected with expected-vs-found messages. */
class SaeConfigTest {
    private static SaeConfig.Builder base() {
        return SaeConfig.builder(HookPoint.RESID_POST, 128);
    }

    private static String message(SaeConfig.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void rejectsInvalidConfigs() {
        assertEquals("expected k <= d_sae (1024), found 2048", message(base().k(2048)));
        assertEquals("expected a non-empty seed list, found []", message(base().seeds(List.of())));
        assertEquals("expected expansion in [4, 64], found 0", message(base().expansion(0)));
        assertEquals("expected expansion in [4, 64], found 65", message(base().expansion(65)));
        assertEquals("expected k >= 1, found 0", message(base().k(0)));
        assertEquals("expected distinct seeds, found [1, 1]", message(base().seeds(List.of(1L, 1L))));
        assertEquals("expected l1 coefficient > 0, found 0.0", message(base().arch(Arch.RELU_L1).l1(0)));
        assertEquals("expected lr > 0, found -1.0", message(base().lr(-1)));
        assertEquals("expected batch size >= 1, found 0", message(base().batchSize(0)));
        assertEquals("expected arch relu_l1, topk or batch_topk, found gated",
                assertThrows(IllegalArgumentException.class, () -> Arch.parse("gated")).getMessage());
    }

    @Test
    void groupIdAndSchedules() {
        SaeConfig c = base().arch(Arch.RELU_L1).l1(0.003).steps(1000).warmupSteps(100).decaySteps(200).l1WarmupSteps(50).build();
        assertEquals("resid_post.relu_l1.x8.l1_0.003.lr0.001.b1024.s1000.w100d200", c.groupId());
        assertEquals(1e-5, c.lrAt(1), 1e-12);
        assertEquals(1e-3, c.lrAt(500), 1e-12);
        assertEquals(1e-3 / 200, c.lrAt(1000), 1e-12);
        assertEquals(0.003 / 50, c.l1At(1), 1e-12);
        assertEquals(0.003, c.l1At(80), 1e-12);
        assertEquals(64, c.kAux());
        assertEquals(Arch.BATCH_TOPK, Arch.parse("batchtopk"));
    }
}
