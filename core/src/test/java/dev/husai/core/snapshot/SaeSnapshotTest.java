package dev.husai.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.tensor.FloatMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaeSnapshotTest {
    static SaeWeights weights(int d, int f, float scale) {
        float[] enc = new float[d * f];
        float[] dec = new float[f * d];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = scale * ((i * 7919) % 13 - 6);
            dec[i] = scale * ((i * 104729) % 11 - 5);
        }
        return new SaeWeights(new FloatMatrix(d, f, enc), new FloatMatrix(f, d, dec), new float[f], new float[d], null);
    }

    @Test
    void roundTripKeepsWeightsAndMetadata() {
        SaeSnapshot s = new SaeSnapshot(Map.of("group", "topk-8x", "seed", "3", "step", "100"), weights(4, 8, 0.5f));
        SaeSnapshot back = SaeSnapshot.decode(s.encode(DType.F32));
        assertEquals(s.weights().wDecFD(), back.weights().wDecFD());
        assertEquals(s.weights().wEncDF(), back.weights().wEncDF());
        assertEquals("3", back.meta("seed", null));
        assertEquals(SaeSnapshot.FORMAT_VERSION, back.meta("format_version", null));
        assertNull(back.weights().thresholdF());
    }

    @Test
    void f16PayloadIsSmallerAndClose() {
        SaeSnapshot s = new SaeSnapshot(Map.of(), weights(16, 64, 0.01f));
        byte[] f16 = s.encode(DType.F16);
        assertTrue(f16.length < 0.6 * s.encode(DType.F32).length);
        float[] back = SaeSnapshot.decode(f16).weights().wDecFD().data();
        float[] orig = s.weights().wDecFD().data();
        for (int i = 0; i < back.length; i++) {
            assertEquals(orig[i], back[i], 1e-4);
        }
    }

    @Test
    void misShapedEncoderIsNamed() {
        Map<String, Tensor> t = Map.of("W_dec", Tensor.f32(new float[8], 2, 4), "W_enc", Tensor.f32(new float[8], 2, 4),
                "b_enc", Tensor.f32(new float[2], 2), "b_dec", Tensor.f32(new float[4], 4));
        byte[] bytes = Safetensors.encode(t, Map.of("format_version", "1"));
        var e = assertThrows(SafetensorsException.class, () -> SaeSnapshot.decode(bytes));
        assertEquals("expected W_enc [4,2], found [2,4]", e.getMessage());
    }

    @Test
    void unknownFormatVersionIsRejected() {
        byte[] bytes = Safetensors.encode(Map.of("W_dec", Tensor.f32(new float[1], 1, 1)), Map.of("format_version", "99"));
        var e = assertThrows(SafetensorsException.class, () -> SaeSnapshot.decode(bytes));
        assertEquals("expected format_version 1, found 99", e.getMessage());
    }

    @Test
    void nanIsLocated() {
        SaeWeights w = weights(2, 3, 1f);
        w.wDecFD().data()[4] = Float.NaN;
        assertEquals("W_dec[4] = NaN", w.firstNonFinite());
        assertNull(weights(2, 3, 1f).firstNonFinite());
        assertArrayEquals(new float[3], w.bEncF());
    }
}
