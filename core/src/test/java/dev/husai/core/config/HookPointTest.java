package dev.husai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HookPointTest {
    @Test
    void testbedHooksParseAndExternalNamesAreSanitised() {
        assertSame(HookPoint.MLP_POST, HookPoint.parse("MLP_POST"));
        assertTrue(HookPoint.of("resid_post").isTestbed());
        HookPoint ext = HookPoint.external("Llama.L12 acts");
        assertEquals("llama_l12_acts", ext.wireName());
        assertFalse(ext.isTestbed());
        assertEquals(ext, HookPoint.of("llama_l12_acts"));
        assertThrows(IllegalArgumentException.class, () -> HookPoint.parse("llama_l12_acts"));
    }

    @Test
    void externalHooksCannotPoseAsTheTestbedsOrReachTestbedOnlyCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HookPoint.external("resid_post"));
        assertTrue(e.getMessage().contains("other than the testbed's"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> HookPoint.external("acts").requireTestbed());
        assertTrue(t.getMessage().contains("expected a testbed hook point (resid_post or mlp_post), found external acts"));
        assertThrows(IllegalArgumentException.class, () -> new HookPoint("a.b"));
    }

    @Test
    void theGroupIdNamesTheData() {
        SaeConfig c = SaeConfig.builder(HookPoint.external("acts"), 16).dSae(32).k(3).steps(200).warmupSteps(10)
                .decaySteps(0).batchSize(256).seeds(List.of(0L, 1L)).build();
        assertEquals("acts.topk.f32.k3.lr0.001.b256.s200.w10d0", c.groupId());
    }
}
