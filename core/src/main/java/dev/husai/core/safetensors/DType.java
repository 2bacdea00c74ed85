package dev.husai.core.safetensors;

import java.nio.ByteBuffer;

/**
 * The safetensors element types HUSAI reads and writes: 32-bit IEEE floats, 16-bit IEEE halves ({@link Half}) and
 * bfloat16 ({@link BFloat16}: the top 16 bits of a float32, as PyTorch trains large SAEs). All values surface as
 * float32; F16 and BF16 widen exactly.
 */
public enum DType {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Reads one element at the buffer's position (little-endian buffer expected) and widens it to float. */
    public float read(ByteBuffer in) {
        return switch (this) {
            case F32 -> in.getFloat();
            case F16 -> Half.toFloat(in.getShort());
            case BF16 -> BFloat16.toFloat(in.getShort());
        };
    }

    /** Writes one element at the buffer's position, rounding to nearest even for F16 and BF16. */
    public void write(ByteBuffer out, float v) {
        switch (this) {
            case F32 -> out.putFloat(v);
            case F16 -> out.putShort(Half.fromFloat(v));
            case BF16 -> out.putShort(BFloat16.fromFloat(v));
        }
    }

    /** Widens 16 bits of an F16 or BF16 element to float. */
    public float widen(short bits) {
        return this == BF16 ? BFloat16.toFloat(bits) : Half.toFloat(bits);
    }

    /** Parses a safetensors dtype string, naming the supported ones when it is not one of them. */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new SafetensorsException("expected dtype F32, F16 or BF16, found " + name);
    }
}
