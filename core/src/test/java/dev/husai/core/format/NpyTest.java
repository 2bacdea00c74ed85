package dev.husai.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Half;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

    /** Builds a v1.0 .npy exactly as numpy.save does (header padded to a multiple of 64 with a newline). */
    static byte[] npy(String descr, String shape, double[] values, int width) {
        return npy(descr, false, shape, values, width);
    }

    static byte[] npy(String descr, boolean fortran, String shape, double[] values, int width) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            if (width == 4) {
                b.putFloat((float) v);
            } else if (width == 2) {
                b.putShort(Half.fromFloat((float) v));
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
        assertTrue(dtype.getMessage().contains("found dtype '<i4' shape [1, 1]"), dtype.getMessage());
        IllegalArgumentException oneD = assertThrows(IllegalArgumentException.class,
                () -> Npy.read(npy("<f4", "(3,)", new double[] {1, 2, 3}, 4)));
        assertTrue(oneD.getMessage().contains("expected a 2-D little-endian") && oneD.getMessage().contains("shape [3]"),
                oneD.getMessage());
        byte[] full = npy("<f4", "(2, 2)", new double[] {1, 2, 3, 4}, 4);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 4);
        IllegalArgumentException trunc = assertThrows(IllegalArgumentException.class, () -> Npy.read(cut));
        assertTrue(trunc.getMessage().contains("expected 16 data bytes") && trunc.getMessage().contains("found 12"),
                trunc.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.read("not numpy at all".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsFloat16Exactly() {
        // 1.5 = 0x3e00, -2 = 0xc000, 0.25 = 0x3400 in IEEE binary16
        byte[] bytes = npy("<f2", "(3, 1)", new double[] {1.5, -2, 0.25}, 2);
        int data = bytes.length - 6;
        assertEquals(0x3e00, (bytes[data] & 0xff) | (bytes[data + 1] & 0xff) << 8);
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, Npy.read(bytes).data());
    }

    @Test
    void layoutSaysWhereFloat16AndFloat32RowsLie() {
        byte[] f16 = npy("<f2", "(3, 2)", new double[] {1, 2, 3, 4, 5, 6}, 2);
        RowLayout l16 = Npy.layout(ByteBuffer.wrap(f16), "acts.npy");
        assertEquals(new RowLayout(DType.F16, 3, 2, f16.length - 12), l16);
        assertEquals(0, l16.offset() % 64, "numpy pads the header to 64 bytes");
        byte[] f32 = npy("<f4", "(4096, 16)", new double[0], 4);
        assertEquals(new RowLayout(DType.F32, 4096, 16, 128), Npy.layout(ByteBuffer.wrap(f32), "acts.npy"));
        assertEquals(3, l16.rowsPerBlock(256), "whole rows per block, at most N");
        assertEquals(2, l16.rowsPerBlock(9));
        assertEquals(1, l16.rowsPerBlock(1), "at least one row");
    }

    @Test
    void layoutRejectsOtherDtypesOrdersAndShapesSayingExpectedAndFound() {
        IllegalArgumentException i8 = assertThrows(IllegalArgumentException.class,
                () -> Npy.layout(ByteBuffer.wrap(npy("<i8", "(10,)", new double[0], 8)), "acts.npy"));
        assertTrue(i8.getMessage().contains("expected a 2-D little-endian float32 or float16 array [N, d]")
                && i8.getMessage().contains("in acts.npy, found dtype '<i8' shape [10]"), i8.getMessage());
        IllegalArgumentException f8 = assertThrows(IllegalArgumentException.class,
                () -> Npy.layout(ByteBuffer.wrap(npy("<f8", "(2, 2)", new double[0], 8)), "acts.npy"));
        assertTrue(f8.getMessage().contains("found dtype '<f8' shape [2, 2]"), f8.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Npy.layout(ByteBuffer.wrap(npy(">f4", "(2, 2)", new double[0], 4)), "acts.npy"));
        assertTrue(big.getMessage().contains("found dtype '>f4'") && big.getMessage().contains("big-endian"),
                big.getMessage());
        IllegalArgumentException fortran = assertThrows(IllegalArgumentException.class,
                () -> Npy.layout(ByteBuffer.wrap(npy("<f4", true, "(2, 2)", new double[0], 4)), "acts.npy"));
        assertTrue(fortran.getMessage().contains("expected fortran_order False (C order) in acts.npy, found True"),
                fortran.getMessage());
    }

    @Test
    void encodeWritesWhatNumpySaveWritesAndReadsBack() {
        FloatMatrix m = new FloatMatrix(2, 3, new float[] {1, 2, 3, 4, 5, 6.5f});
        assertArrayEquals(npy("<f4", "(2, 3)", new double[] {1, 2, 3, 4, 5, 6.5}, 4), Npy.encode(m, DType.F32));
        assertArrayEquals(npy("<f2", "(2, 3)", new double[] {1, 2, 3, 4, 5, 6.5}, 2), Npy.encode(m, DType.F16));
        assertEquals(m, Npy.read(Npy.encode(m, DType.F16)));
    }
}
