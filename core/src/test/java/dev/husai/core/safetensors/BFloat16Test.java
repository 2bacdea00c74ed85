package dev.husai.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BFloat16Test {

    @Test
    void bitsAreTheTopHalfOfFloat32() {
        assertEquals((short) 0x3f80, BFloat16.fromFloat(1f));
        assertEquals((short) 0xc020, BFloat16.fromFloat(-2.5f));
        assertEquals(1f, BFloat16.toFloat((short) 0x3f80));
        assertEquals(Float.POSITIVE_INFINITY, BFloat16.toFloat(BFloat16.fromFloat(Float.POSITIVE_INFINITY)));
        assertTrue(Float.isNaN(BFloat16.toFloat(BFloat16.fromFloat(Float.NaN))));
    }

    @Test
    void narrowingRoundsToNearestEven() {
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1).
        assertEquals(1f, BFloat16.toFloat(BFloat16.fromFloat(1f + 0x1p-8f)));
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        assertEquals(1f + 0x1p-6f, BFloat16.toFloat(BFloat16.fromFloat(1f + 3 * 0x1p-8f)));
        // just above halfway rounds up
        assertEquals(1f + 0x1p-7f, BFloat16.toFloat(BFloat16.fromFloat(1f + 0x1p-8f + 0x1p-20f)));
    }

    @Test
    void safetensorsCarriesBf16() {
        float[] v = {0f, 1f, -2.5f, 0.1f, 3e38f};
        byte[] bytes = Safetensors.encode(Map.of("t", Tensor.f32(v, v.length).as(DType.BF16)), Map.of());
        Tensor back = Safetensors.decode(bytes).tensor("t");
        assertEquals(DType.BF16, back.dtype());
        assertArrayEquals(new float[] {0f, 1f, -2.5f, 0.10009765625f, 3.0040553e38f}, back.values());
        assertEquals(DType.BF16, DType.parse("BF16"));
    }
}
