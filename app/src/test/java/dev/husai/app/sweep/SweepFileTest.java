package dev.husai.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.config.SaeConfig;
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
        assertEquals(List.of(4, 8, 16, 32), configs.stream().map(SaeConfig::expansion).distinct().sorted().toList());
    }

    @Test
    void jsonWorksTooWithListsOrScalarsAndDefaults() {
        SweepSpec spec = SweepFile.parse("{\"name\": \"j\", \"seeds\": [3, 5], \"steps\": 60,"
                + " \"grid\": [{\"arch\": \"batch_topk\", \"expansion\": 4, \"k\": [4, 8]}]}", "j.json");
        assertEquals(List.of(3L, 5L), spec.seeds());
        assertEquals(10, spec.snapshotEvery());
        assertEquals(List.of("resid_post.batch_topk.x4.k4.lr0.001.b1024.s60.w6d12",
                "resid_post.batch_topk.x4.k8.lr0.001.b1024.s60.w6d12"), spec.configs(128).stream().map(SaeConfig::groupId).toList());
    }

    @Test
    void mistakesAreNamedWithExpectedAndFound() {
        assertEquals("s.yaml: grid[0]: expected keys among [arch, expansion, k, l1], found unknown key 'expansions'",
                error("grid:\n  - arch: topk\n    expansions: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: expansion: expected an integer, found \"eight\"",
                error("grid:\n  - arch: topk\n    expansion: [eight]\n    k: [8]\n"));
        assertEquals("s.yaml: grid[0]: arch: expected arch relu_l1, topk or batch_topk, found jumprelux",
                error("grid:\n  - arch: jumprelux\n    expansion: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: grid: expected a list of blocks (arch, expansion, k / l1), found nothing", error("name: x\n"));
        assertEquals("s.yaml: steps: expected an integer, found \"many\"",
                error("steps: many\ngrid:\n  - arch: topk\n    expansion: [4]\n    k: [8]\n"));
        assertEquals("s.yaml: expected a mapping of sweep settings, found an empty file", error(""));
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> SweepFile.parse(yaml, "s.yaml")).getMessage();
    }
}
