package dev.husai.core.safetensors;

/** The safetensors element types HUSAI reads and writes: 32-bit and 16-bit IEEE floats. */
public enum DType {
    F32(4), F16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Parses a safetensors dtype string, naming the supported ones when it is not one of them. */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new SafetensorsException("expected dtype F32 or F16, found " + name);
    }
}
