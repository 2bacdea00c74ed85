package dev.husai.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.Tensor;
import dev.husai.core.safetensors.TensorEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowLayoutTest {
    private static Map<String, TensorEntry> entries(Map<String, Tensor> tensors) {
        byte[] file = Safetensors.encode(tensors, Map.of());
        return Safetensors.entries(file, file.length);
    }

    @Test
    void theOnly2dTensorIsTakenOrTheNamedOne() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("bias", Tensor.f32(new float[3], 3));
        t.put("acts", Tensor.f32(new float[12], 4, 3).as(DType.F16));
        Map<String, TensorEntry> e = entries(t);
        RowLayout only = RowLayout.ofTensor(e, null, "a.safetensors");
        assertEquals(new RowLayout(DType.F16, 4, 3, e.get("acts").offset()), only);
        assertEquals(only, RowLayout.ofTensor(e, "acts", "a.safetensors"));
        byte[] file = Safetensors.encode(t, Map.of());
        assertEquals(file.length - 24, only.offset(), "acts is stored last: 4 x 3 halves");
    }

    @Test
    void ambiguityOrAWrongNameListsTheTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("l1", Tensor.f32(new float[4], 2, 2));
        t.put("l2", Tensor.f32(new float[4], 2, 2));
        t.put("v", Tensor.f32(new float[2], 2));
        Map<String, TensorEntry> e = entries(t);
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> RowLayout.ofTensor(e, null, "a.safetensors"));
        assertTrue(two.getMessage().contains("expected exactly one 2-D tensor in a.safetensors (or --tensor NAME), found "
                + "[l1 [2,2] F32, l2 [2,2] F32, v [2] F32]"), two.getMessage());
        IllegalArgumentException vec = assertThrows(IllegalArgumentException.class,
                () -> RowLayout.ofTensor(e, "v", "a.safetensors"));
        assertTrue(vec.getMessage().contains("named v in a.safetensors, found [2]"), vec.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RowLayout.ofTensor(e, "x", "a.safetensors"));
        assertTrue(none.getMessage().contains("found no such tensor; tensors: [l1"), none.getMessage());
    }
}
