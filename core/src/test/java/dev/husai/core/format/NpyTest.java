package dev.husai.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

    /** Builds a v1.0 .npy exactly as numpy.save does (header padded to a multiple of 64 with a newline). */
    static byte[] npy(String descr, String shape, double[] values, int width) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            if (width == 4) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    @Test
    void readsFloat32() {
        FloatMatrix m = Npy.read(npy("<f4", "(2, 3)", new double[] {1, 2, 3, 4, 5, 6.5}, 4));
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, m.data());
        assertEquals(6.5f, m.get(1, 2));
    }

    @Test
    void readsFloat64AndNarrows() {
        FloatMatrix m = Npy.read(npy("<f8", "(3, 1)", new double[] {0.25, -1, 1e-3}, 8));
        assertArrayEquals(new float[] {0.25f, -1f, 1e-3f}, m.data());
    }

    @Test
    void rejectsWrongDtypeShapeAndTruncation() {
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(npy("<i4", "(1, 1)", new double[] {1}, 4)));
        assertTrue(dtype.getMessage().contains("expected descr '<f4' or '<f8', found '<i4'"), dtype.getMessage());
        IllegalArgumentException oneD = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(npy("<f4", "(3,)", new double[] {1, 2, 3}, 4)));
        assertTrue(oneD.getMessage().contains("expected a 2-D shape, found (3,)"), oneD.getMessage());
        byte[] full = npy("<f4", "(2, 2)", new double[] {1, 2, 3, 4}, 4);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 4);
        IllegalArgumentException trunc = assertThrows(IllegalArgumentException.class, () -> Npy.read(cut));
        assertTrue(trunc.getMessage().contains("expected 16 data bytes") && trunc.getMessage().contains("found 12"),
                trunc.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.read("not numpy at all".getBytes(StandardCharsets.US_ASCII)));
    }
}
