package dev.husai.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlMessageTest {

    @Test
    void encodesInFieldOrderAndParsesBack() {
        ControlMessage m = new ControlMessage("stop", "g", 3, "diverging", 400);
        assertEquals("{\"action\":\"stop\",\"group\":\"g\",\"seed\":3,\"reason\":\"diverging\",\"step\":400}", m.encode());
        assertEquals(m, ControlMessage.parse(m.encode()));
        assertEquals(new ControlMessage("stop", "g", 3, "", -1), ControlMessage.parse("{\"action\":\"stop\",\"group\":\"g\",\"seed\":3}"));
    }

    @Test
    void rejectsWhatIsNotAStopWithExpectedAndFound() {
        for (String bad : List.of("not json", "[1]", "{\"action\":\"stop\",\"group\":\"g\"}",
                "{\"action\":\"stop\",\"group\":\"g\",\"seed\":\"3\"}", "{\"action\":\"go\",\"group\":\"g\",\"seed\":3}",
                "{\"action\":\"stop\",\"seed\":3}", "{\"action\":\"stop\",\"group\":\"g\",\"seed\":3,\"step\":\"x\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlMessage.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("expected "), e.getMessage());
        }
    }

    @Test
    void pointsAndAlertsKeepTheirFieldOrder() {
        MetricPoint p = new MetricPoint("pair", "g", 5, Map.of("a", 1L));
        assertEquals(List.of("type", "group", "step", "a"), List.copyOf(p.toMap().keySet()));
        Alert a = new Alert("non_finite", "g", 2, 5, "expected finite", Map.of("x", 1.0), true);
        assertEquals(List.of("kind", "group", "seed", "step", "message", "evidence", "stop"), List.copyOf(a.toMap().keySet()));
    }
}
