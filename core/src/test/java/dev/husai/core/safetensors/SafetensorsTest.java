package dev.husai.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

    @Test
    void roundTripKeepsTensorsMetadataAndOrder() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("W_dec", Tensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        tensors.put("b_dec", Tensor.f32(new float[] {-1.5f, 0.25f}, 2));
        byte[] bytes = Safetensors.encode(tensors, Map.of("group", "g1", "step", "42"));
        SafetensorsFile file = Safetensors.decode(bytes);
        assertEquals(tensors, file.tensors());
        assertEquals("g1", file.meta("group"));
        assertEquals(42, file.metaInt("step"));
        assertEquals(java.util.List.of("W_dec", "b_dec"), java.util.List.copyOf(file.tensors().keySet()));
    }

    @Test
    void layoutIsTheReferenceOne() {
        byte[] bytes = Safetensors.encode(Map.of("x", Tensor.f32(new float[] {1f}, 1)), Map.of());
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = in.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        assertEquals(1f, in.position(8 + (int) n).getFloat());
    }

    @Test
    void f16HalvesThePayloadAndRoundsToNearest() {
        float[] v = {0f, 1f, -2.5f, 65504f, 1e-7f, 0.1f, Float.POSITIVE_INFINITY};
        Tensor t = Tensor.f32(v, v.length).as(DType.F16);
        byte[] f16 = Safetensors.encode(Map.of("t", t), Map.of());
        byte[] f32 = Safetensors.encode(Map.of("t", t.as(DType.F32)), Map.of());
        assertTrue(f16.length < f32.length);
        float[] back = Safetensors.decode(f16).tensor("t").values();
        assertArrayEquals(new float[] {0f, 1f, -2.5f, 65504f, 1.1920929e-7f, 0.099975586f,
                Float.POSITIVE_INFINITY}, back);
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void garbageIsRejectedWithExpectedAndFound() {
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.decode(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("expected at least 8 bytes"), e.getMessage());
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).array();
        e = assertThrows(SafetensorsException.class, () -> Safetensors.decode(huge));
        assertTrue(e.getMessage().contains("found 1000000"), e.getMessage());
    }

    @Test
    void truncatedDataAndWrongShapesAreNamed() {
        byte[] ok = Safetensors.encode(Map.of("W_dec", Tensor.f32(new float[8], 4, 2)), Map.of());
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 4);
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.decode(cut));
        assertTrue(e.getMessage().contains("W_dec"), e.getMessage());
        Tensor t = Safetensors.decode(ok).tensor("W_dec");
        e = assertThrows(SafetensorsException.class, () -> t.requireShape("W_dec", 4, 3));
        assertEquals("expected W_dec [4,3], found [4,2]", e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> Safetensors.decode(ok).tensor("W_enc"));
        assertTrue(e.getMessage().contains("found only [W_dec]"), e.getMessage());
    }
}
