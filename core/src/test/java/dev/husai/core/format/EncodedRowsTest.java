package dev.husai.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.husai.core.safetensors.DType;
import dev.husai.core.tensor.Activations;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedRowsTest {
    /** {@code m} as little-endian bytes in blocks of {@code perBlock} rows. */
    private static List<ByteBuffer> blocks(FloatMatrix m, DType dtype, int perBlock) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int r0 = 0; r0 < m.rows(); r0 += perBlock) {
            int rows = Math.min(perBlock, m.rows() - r0);
            ByteBuffer b = ByteBuffer.allocate(rows * m.cols() * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = r0 * m.cols(); i < (r0 + rows) * m.cols(); i++) {
                dtype.write(b, m.data()[i]);
            }
            out.add(b.flip());
        }
        return out;
    }

    private static FloatMatrix matrix(int n, int d) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 - 3) * 0.25f; // exact in float16 and bfloat16
        }
        return new FloatMatrix(n, d, x);
    }

    @Test
    void rowsAcrossBlocksEqualTheOnHeapMatrixForBothDtypes() {
        FloatMatrix m = matrix(10, 3);
        for (DType dtype : DType.values()) {
            EncodedRows rows = new EncodedRows("acts.npy", new RowLayout(dtype, 10, 3, 0), blocks(m, dtype, 4), 4);
            int[] all = Activations.spread(10, 100);
            assertEquals(m, rows.gather(all), dtype.name());
            assertEquals(m.gather(new int[] {9, 0, 4}), rows.gather(new int[] {9, 0, 4}));
            float[] dst = new float[5];
            rows.copyRow(5, dst, 2);
            assertArrayEquals(new float[] {0, 0, m.get(5, 0), m.get(5, 1), m.get(5, 2)}, dst);
            assertEquals(dtype.name(), rows.describe().get("activations_dtype"));
        }
    }

    @Test
    void spreadTakesEvenlySpacedRowsOrAll() {
        assertArrayEquals(new int[] {0, 2, 5, 7}, Activations.spread(10, 4));
        assertArrayEquals(new int[] {0, 1, 2}, Activations.spread(3, 16_384));
    }

    @Test
    void blocksThatDoNotCoverTheRowsAreRejected() {
        FloatMatrix m = matrix(10, 3);
        RowLayout layout = new RowLayout(DType.F32, 10, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> new EncodedRows("x", layout, blocks(m, DType.F32, 4), 5));
        List<ByteBuffer> short3 = blocks(matrix(9, 3), DType.F32, 4);
        assertThrows(IllegalArgumentException.class, () -> new EncodedRows("x", layout, short3, 4));
    }
}
