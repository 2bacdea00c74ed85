package dev.husai.trainer.sae;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One direct buffer, reused call after call, that an NDArray is made from and PyTorch reads in place. DJL's
 * {@code NDManager.create(float[], Shape)} allocates a new direct buffer per call instead, which only the garbage
 * collector frees: per-call staging of MBs (a probe's reconstruction, a kernel's inputs) then makes resident memory
 * swing by hundreds of MB between collections. Not thread-safe: one caller at a time, and the array made from the
 * buffer must be closed before the next {@link #stage}.
 */
final class DirectStaging {
    private ByteBuffer buffer;

    /** The first {@code each} values of {@code parts[0 .. count)}, end to end, in the buffer (as {@link #stage(float[], int)}). */
    ByteBuffer stage(float[][] parts, int count, int each) {
        FloatBuffer floats = sized(Math.multiplyExact(count, each));
        for (int p = 0; p < count; p++) {
            floats.put(parts[p], 0, each);
        }
        return buffer;
    }

    /** The first {@code length} values of {@code values} in the buffer (native order, positioned at 0, limit = length). */
    ByteBuffer stage(float[] values, int length) {
        sized(length).put(values, 0, length);
        return buffer;
    }

    /** The buffer holding {@code length} floats (grown when smaller), cleared, as a float view at 0. */
    private FloatBuffer sized(int length) {
        int bytes = Math.multiplyExact(length, Float.BYTES);
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        return buffer.asFloatBuffer();
    }
}
