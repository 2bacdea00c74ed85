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

    private static String thrown(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void rejectsInvalidConfigs() {
        assertEquals("expected k <= d_sae (1024), found 2048", message(base().k(2048)));
        assertEquals("expected a non-empty seed list, found []", message(base().seeds(List.of())));
        assertEquals("expected d_sae in [2, 65536], found 1", thrown(() -> base().dSae(1)));
        assertEquals("expected d_sae in [2, 65536], found 65537", thrown(() -> base().dSae(65_537)));
        assertEquals("expected k <= d_sae (8), found 16", message(base().dSae(8).k(16)));
        assertEquals("expected expansion > 0, found 0.0", thrown(() -> base().expansion(0)));
        assertEquals("expected expansion x d_in (128) to be a whole number of latents, found 0.3 x 128 = 38.4",
                message(base().expansion(0.3)));
        assertEquals("expected d_sae in [2, 65536], found 1", message(base().expansion(1 / 128.0)));
        assertEquals("expected k >= 1, found 0", message(base().k(0)));
        assertEquals("expected distinct seeds, found [1, 1]", message(base().seeds(List.of(1L, 1L))));
        assertEquals("expected l1 coefficient > 0, found 0.0", message(base().arch(Arch.RELU_L1).l1(0)));
        assertEquals("expected lr > 0, found -1.0", message(base().lr(-1)));
        assertEquals("expected batch size >= 1, found 0", message(base().batchSize(0)));
        assertEquals("expected arch relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk, found gated",
                assertThrows(IllegalArgumentException.class, () -> Arch.parse("gated")).getMessage());
    }

    @Test
    void widthIsANumberOfLatentsAndExpansionIsDerived() {
        SaeConfig narrow = base().dSae(8).k(2).build();
        assertEquals(8, narrow.dSae());
        assertEquals(0.0625, narrow.expansion());
        assertEquals("resid_post.topk.f8.k2.lr0.001.b1024.s2000", narrow.groupId());
        assertEquals(narrow, base().expansion(0.0625).k(2).build(), "an expansion is an alias: 0.0625 x 128 = 8 latents");
        assertEquals(narrow, narrow.toBuilder().build());
        assertEquals(1000, base().dSae(1000).build().dSae(), "any integer, not only multiples of d_in");
        assertEquals(8, base().expansion(8).dSae(8).k(2).build().dSae(), "the last width set wins");
        assertEquals(2, SaeConfig.builder(HookPoint.RESID_POST, 3).expansion(2 / 3.0).k(1).build().dSae(),
                "a product within 1e-9 of a whole number is that number");
    }

    @Test
    void oldGroupIdsNamedTheExpansion() {
        SaeConfig c = base().k(16).build();
        assertEquals("resid_post.topk.f1024.k16.lr0.001.b1024.s2000", c.groupId());
        assertEquals("resid_post.topk.x8.k16.lr0.001.b1024.s2000", c.legacyGroupId());
        assertEquals(null, base().dSae(100).build().legacyGroupId(), "100 / 128 had no id before");
    }

    @Test
    void groupIdAndSchedules() {
        SaeConfig c = base().arch(Arch.RELU_L1).l1(0.003).steps(1000).warmupSteps(100).decaySteps(200).l1WarmupSteps(50).build();
        assertEquals("resid_post.relu_l1.f1024.l1_0.003.lr0.001.b1024.s1000.w100d200", c.groupId());
        assertEquals(1e-5, c.lrAt(1), 1e-12);
        assertEquals(1e-3, c.lrAt(500), 1e-12);
        assertEquals(1e-3 / 200, c.lrAt(1000), 1e-12);
        assertEquals(0.003 / 50, c.l1At(1), 1e-12);
        assertEquals(0.003, c.l1At(80), 1e-12);
        assertEquals(64, c.kAux());
        assertEquals(Arch.BATCH_TOPK, Arch.parse("batchtopk"));
    }

    @Test
    void theTwoNewerArchsParseAndNameTheirSettings() {
        assertEquals(Arch.JUMPRELU, Arch.parse("jumprelu"));
        assertEquals(Arch.MATRYOSHKA_BATCH_TOPK, Arch.parse("matryoshka_batch_topk"));
        assertEquals(Arch.MATRYOSHKA_BATCH_TOPK, Arch.parse("matryoshka"));
        assertEquals(Arch.MATRYOSHKA_BATCH_TOPK, Arch.parse("MatryoshkaBatchTopK"));
        SaeConfig jump = base().arch(Arch.JUMPRELU).k(16).build();
        assertEquals("resid_post.jumprelu.f1024.k16.lr0.001.b1024.s2000", jump.groupId(), "target L0 k: no extra token");
        assertEquals("resid_post.jumprelu.f1024.k16.lr0.001.b1024.s2000.l0c0.5", jump.toBuilder().l0Coefficient(0.5).build().groupId());
        SaeConfig m = base().arch(Arch.MATRYOSHKA_BATCH_TOPK).k(16).build();
        assertEquals(List.of(64, 128, 256, 512, 1024), m.prefixSizes(), "defaults: d_sae/16 doubling to d_sae");
        assertEquals("resid_post.matryoshka_batch_topk.f1024.k16.lr0.001.b1024.s2000", m.groupId());
        SaeConfig custom = m.toBuilder().prefixes(List.of(128, 512)).build();
        assertEquals(List.of(128, 512, 1024), custom.prefixSizes(), "d_sae is appended");
        assertEquals("resid_post.matryoshka_batch_topk.f1024.k16.lr0.001.b1024.s2000.m128-512-1024", custom.groupId());
        assertEquals(custom, custom.toBuilder().build());
        assertEquals(List.of(1, 2, 4, 8), SaeConfig.builder(HookPoint.RESID_POST, 128).arch(Arch.MATRYOSHKA_BATCH_TOPK)
                .dSae(8).k(2).build().prefixSizes(), "sizes below 1 and repeats dropped");
        assertEquals(List.of(), jump.prefixSizes());
        assertEquals(true, jump.arch().unitNormDecoder());
        assertEquals(false, jump.arch().usesAuxK(), "JumpReLU's paper has no AuxK");
        assertEquals(true, m.arch().usesAuxK() && m.arch().batchTopK());
    }

    @Test
    void badNewerArchSettingsAreNamed() {
        SaeConfig.Builder m = base().arch(Arch.MATRYOSHKA_BATCH_TOPK).k(16);
        assertEquals("expected strictly increasing prefix sizes in [1, d_sae=1024], found [512, 128]",
                message(m.prefixes(List.of(512, 128))));
        assertEquals("expected strictly increasing prefix sizes in [1, d_sae=1024], found [0, 128]",
                message(m.prefixes(List.of(0, 128))));
        assertEquals("expected prefix sizes only for matryoshka_batch_topk, found [128] for topk",
                message(base().k(16).prefixes(List.of(128))));
        assertEquals("expected l0 coefficient >= 0 (0 = target L0 k), found -1.0",
                message(base().arch(Arch.JUMPRELU).k(16).l0Coefficient(-1)));
        assertEquals(List.of(4, 8), dev.husai.core.config.Prefixes.parse("4, 8"));
        assertEquals("expected prefix sizes as integers like 4,8,16, found 4,x",
                thrown(() -> dev.husai.core.config.Prefixes.parse("4,x")));
    }
}
