package dev.husai.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.husai.core.config.SaeConfig.Arch;
import org.junit.jupiter.api.Test;

/** The benchmark judges each run by issue 14's target for its architecture and width. */
class BenchSaeTargetsTest {

    @Test
    void theKFamilyAtResidPostAims5And8TheRestAndMlpPostAim4() {
        assertArrayEquals(new double[] {5, 8}, BenchSaeCommand.targets(Arch.TOPK, 128));
        assertArrayEquals(new double[] {5, 8}, BenchSaeCommand.targets(Arch.BATCH_TOPK, 128));
        assertArrayEquals(new double[] {4, 4}, BenchSaeCommand.targets(Arch.TOPK, 512));
        assertArrayEquals(new double[] {4, 4}, BenchSaeCommand.targets(Arch.BATCH_TOPK, 512));
        for (Arch a : new Arch[] {Arch.RELU_L1, Arch.JUMPRELU, Arch.MATRYOSHKA_BATCH_TOPK}) {
            assertArrayEquals(new double[] {4, 4}, BenchSaeCommand.targets(a, 128), a.name());
        }
    }
}
