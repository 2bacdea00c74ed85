package dev.husai.core.safetensors;

/**
 * bfloat16 conversion: the upper 16 bits of an IEEE float32 (1 sign, 8 exponent, 7 mantissa bits). Widening is exact
 * ({@code bits << 16}); narrowing rounds to nearest even, keeps infinities and keeps NaN a (quiet) NaN.
 */
public final class BFloat16 {
    private BFloat16() {
    }

    /** bfloat16 bits to float (exact). */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
