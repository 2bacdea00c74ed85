package dev.husai.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.sweep.GridBlock;
import dev.husai.core.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepFileTest {

    @Test
    void theShippedStudyFileIsTheFullGrid() {
        SweepSpec spec = SweepFile.read(Path.of("../docs/sweeps/stability-grid.yaml"));
        assertEquals("stability-grid", spec.name());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), spec.seeds());
        assertEquals(180, spec.saeCount());
        List<SaeConfig> configs = spec.configs(128);
        assertEquals(36, configs.size());
        assertEquals(List.of(4.0, 8.0, 16.0, 32.0), configs.stream().map(SaeConfig::expansion).distinct().sorted().toList());
        assertEquals(List.of(512, 1024, 2048, 4096), configs.stream().map(SaeConfig::dSae).distinct().sorted().toList());
    }

    @Test
    void widthsAreNumbersOfLatentsOrExpansions() {
        SweepSpec spec = SweepFile.parse("seeds: 0..1\nsteps: 60\ngrid:\n  - arch: topk\n    d_sae: [8, 32]\n    k: [2]\n"
                + "  - arch: relu_l1\n    expansion: [0.0625, 4]\n    l1: [10]\n", "w.yaml");
        List<SaeConfig> configs = spec.configs(128);
        assertEquals(List.of("resid_post.topk.f8.k2.lr0.001.b1024.s60.w6d12", "resid_post.topk.f32.k2.lr0.001.b1024.s60.w6d12",
                "resid_post.relu_l1.f8.l1_10.lr0.001.b1024.s60.w6d12", "resid_post.relu_l1.f512.l1_10.lr0.001.b1024.s60.w6d12"),
                configs.stream().map(SaeConfig::groupId).toList());
        assertEquals(List.of(0.0625, 0.25, 0.0625, 4.0), configs.stream().map(SaeConfig::expansion).toList());
        assertEquals(4, spec.grid().stream().mapToInt(GridBlock::size).sum());
        assertEquals(List.of(512, 1024, 512, 1024), SweepFile.read(Path.of("../docs/sweeps/tiny.yaml")).configs(128).stream()
                .map(SaeConfig::dSae).toList(), "the smoke sweep gives its widths both ways");
        assertEquals("s.yaml: grid[0]: d_sae: expected d_sae in [2, 65536], found 1",
                error("grid:\n  - arch: topk\n    d_sae: [1]\n    k: [1]\n"));
        SweepSpec odd = SweepFile.parse("grid:\n  - arch: topk\n    expansion: [0.3]\n    k: [1]\n", "s.yaml");
        assertEquals("expected expansion x d_in (128) to be a whole number of latents, found 0.3 x 128 = 38.4",
                assertThrows(IllegalArgumentException.class, () -> odd.configs(128)).getMessage());
        assertEquals("s.yaml: grid[0]: expected a grid block with at least one arch and one width (d_sae or expansion), found"
                + " archs [TOPK], widths []", error("grid:\n  - arch: topk\n    k: [1]\n"));
    }

    @Test
    void jsonWorksTooWithListsOrScalarsAndDefaults() {
        SweepSpec spec = SweepFile.parse("{\"name\": \"j\", \"seeds\": [3, 5], \"steps\": 60,"
                + " \"grid\": [{\"arch\": \"batch_topk\", \"expansion\": 4, \"k\": [4, 8]}]}", "j.json");
        assertEquals(List.of(3L, 5L), spec.seeds());
        assertEquals(3, spec.configs(128).get(0).snapshotEvery(), "derived: max(1, steps / 16)");
        assertEquals(List.of("resid_post.batch_topk.f512.k4.lr0.001.b1024.s60.w6d12",
                "resid_post.batch_topk.f512.k8.lr0.001.b1024.s60.w6d12"), spec.configs(128).stream().map(SaeConfig::groupId).toList());
    }

    @Test
    void theNewerArchsTakeKInASweep() {
        SweepSpec spec = SweepFile.parse("steps: 60\ngrid:\n  - arch: [jumprelu, matryoshka]\n    d_sae: 64\n    k: [4, 8]\n",
                "n.yaml");
        assertEquals(List.of("resid_post.jumprelu.f64.k4.lr0.001.b1024.s60.w6d12", "resid_post.jumprelu.f64.k8.lr0.001.b1024.s60.w6d12",
                "resid_post.matryoshka_batch_topk.f64.k4.lr0.001.b1024.s60.w6d12",
                "resid_post.matryoshka_batch_topk.f64.k8.lr0.001.b1024.s60.w6d12"),
                spec.configs(128).stream().map(SaeConfig::groupId).toList());
        assertEquals(List.of(4, 8, 16, 32, 64), spec.configs(128).get(2).prefixSizes(), "default prefixes in a sweep");
    }

    @Test
    void aBlockSetsJumpReluLambdaAndMatryoshkaPrefixesForItsGroupsOfThatArch() {
        SweepSpec spec = SweepFile.parse("steps: 60\ngrid:\n  - arch: [jumprelu, matryoshka, topk]\n    d_sae: 64\n    k: 4\n"
                + "    l0_coefficient: 0.5\n    prefixes: [8, 32]\n", "o.yaml");
        List<SaeConfig> c = spec.configs(128);
        assertEquals(List.of("resid_post.jumprelu.f64.k4.lr0.001.b1024.s60.w6d12.l0c0.5",
                "resid_post.matryoshka_batch_topk.f64.k4.lr0.001.b1024.s60.w6d12.m8-32-64",
                "resid_post.topk.f64.k4.lr0.001.b1024.s60.w6d12"), c.stream().map(SaeConfig::groupId).toList());
        assertEquals(0.5, c.get(0).l0Coefficient());
        assertEquals(List.of(8, 32, 64), c.get(1).prefixSizes());
        assertEquals(0.0, c.get(2).l0Coefficient(), "only the block's JumpReLU groups take lambda");
        assertEquals("o.yaml: grid[0]: expected l0_coefficient only in a block with jumprelu, found archs [topk]",
                error("grid:\n  - arch: topk\n    d_sae: 64\n    k: 4\n    l0_coefficient: 0.5\n", "o.yaml"));
        assertEquals("o.yaml: grid[0]: expected prefixes only in a block with matryoshka_batch_topk, found archs [topk]",
                error("grid:\n  - arch: topk\n    d_sae: 64\n    k: 4\n    prefixes: [8]\n", "o.yaml"));
    }

    @Test
    void mistakesAreNamedWithExpectedAndFound() {
        assertEquals("s.yaml: grid[0]: expected keys among [arch, d_sae, expansion, k, l0_coefficient, l1, lr, prefixes, steps], found unknown key 'expansions'",
                error("grid:\n  - arch: topk\n    expansions: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: expansion: expected a number, found \"eight\"",
                error("grid:\n  - arch: topk\n    expansion: [eight]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: d_sae: expected an integer, found 8.5",
                error("grid:\n  - arch: topk\n    d_sae: [8.5]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: expansion: expected expansion > 0, found 0.0",
                error("grid:\n  - arch: topk\n    expansion: [0]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: arch: expected arch relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk, found jumprelux",
                error("grid:\n  - arch: jumprelux\n    expansion: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: grid: expected a list of blocks (arch, d_sae / expansion, k / l1), found nothing", error("name: x\n"));
        assertEquals("s.yaml: steps: expected an integer, found \"many\"",
                error("steps: many\ngrid:\n  - arch: topk\n    expansion: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: expected a mapping of sweep settings, found an empty file", error(""));
    }

    @Test
    void lrAndStepsAreAxesWithSchedulesDerivedPerGroup() {
        SweepSpec spec = SweepFile.parse("seeds: 0..1\nsteps: 800\nlr: 0.002\ngrid:\n  - arch: topk\n    d_sae: 16\n"
                + "    k: 4\n    lr: [0.0003, 0.003]\n    steps: [160, 1600]\n  - arch: topk\n    d_sae: 32\n    k: 4\n", "a.yaml");
        List<SaeConfig> configs = spec.configs(128);
        assertEquals(List.of("resid_post.topk.f16.k4.lr0.0003.b1024.s160.w16d32", "resid_post.topk.f16.k4.lr0.0003.b1024.s1600.w50d320",
                "resid_post.topk.f16.k4.lr0.003.b1024.s160.w16d32", "resid_post.topk.f16.k4.lr0.003.b1024.s1600.w50d320",
                "resid_post.topk.f32.k4.lr0.002.b1024.s800.w50d160"), configs.stream().map(SaeConfig::groupId).toList());
        assertEquals(List.of(10, 100, 10, 100, 50), configs.stream().map(SaeConfig::snapshotEvery).toList());
        assertEquals(5, spec.grid().stream().mapToInt(GridBlock::size).sum());
        SweepSpec fixed = SweepFile.parse("snapshot_every: 7\nwarmup_steps: 0\ndecay_steps: 0\ngrid:\n  - arch: topk\n"
                + "    d_sae: 16\n    k: 4\n    steps: [100, 200]\n", "f.yaml");
        assertEquals(List.of("resid_post.topk.f16.k4.lr0.001.b1024.s100", "resid_post.topk.f16.k4.lr0.001.b1024.s200"),
                fixed.configs(128).stream().map(SaeConfig::groupId).toList());
        assertEquals(7, fixed.configs(128).get(1).snapshotEvery());
        assertEquals("s.yaml: grid[0]: expected lr > 0, found -0.1", error("grid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n    lr: -0.1\n"));
    }

    @Test
    void convergenceAndOwnActivationsAreSettings() {
        SweepSpec none = SweepFile.parse("grid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n", "c.yaml");
        assertEquals(SweepSpec.ConvergenceConfig.LABEL_ONLY, none.convergence());
        assertEquals(new dev.husai.core.sweep.ConvergenceRule(0.02, 120), none.convergence().rule(600));
        SweepSpec on = SweepFile.parse("converge: true\ngrid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n", "c.yaml");
        assertEquals(true, on.convergence().stopEarly());
        SweepSpec tuned = SweepFile.parse("converge: {max_slope: 0.05, min_steps: 300}\nactivations: acts.npy\ntruth: truth.safetensors\n"
                + "grid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n", "c.yaml");
        assertEquals(new SweepSpec.ConvergenceConfig(true, 0.05, 300), tuned.convergence());
        assertEquals(new SweepSpec.Data("acts.npy", null, "truth.safetensors"), tuned.data());
        assertEquals("acts", tuned.hook().wireName(), "the hook token names the data");
        assertEquals("s.yaml: converge: expected keys among [max_slope, min_steps, stop_early], found unknown key 'slope'",
                error("converge: {slope: 0.1}\ngrid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n"));
        assertEquals("s.yaml: truth: expected only with activations, found it without",
                error("truth: t.safetensors\ngrid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n"));
        assertEquals("s.yaml: converge: expected a largest slope per 1k steps > 0, found -1.0",
                error("converge: {max_slope: -1}\ngrid:\n  - arch: topk\n    d_sae: 8\n    k: 1\n"));
    }

    private static String error(String yaml) {
        return error(yaml, "s.yaml");
    }

    private static String error(String yaml, String source) {
        return assertThrows(IllegalArgumentException.class, () -> SweepFile.parse(yaml, source)).getMessage();
    }
}
