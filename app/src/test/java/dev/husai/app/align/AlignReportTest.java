package dev.husai.app.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.husai.core.align.Dictionaries;
import dev.husai.core.stability.Baselines;
import dev.husai.core.stability.SaeDictionaries;
import org.junit.jupiter.api.Test;

class AlignReportTest {

    private static final SaeDictionaries A = Baselines.sae(Baselines.Kind.RANDOM_UNIT, 40, 16, 1);
    private static final int[] REVERSED = java.util.stream.IntStream.range(0, 40).map(i -> 39 - i).toArray();
    private static final SaeDictionaries B = new SaeDictionaries(Dictionaries.selectRows(A.decoderFD(), REVERSED),
            Dictionaries.selectRows(A.encoderFD(), REVERSED));

    @Test
    void jsonCarriesTheContractKeysAndTheMatching() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AlignReport.compute("a", A, "b", B, 0.7).toJson());
        assertEquals(1.0, json.get("pw_mcc_dec").asDouble(), 1e-5);
        assertEquals(1.0, json.get("pw_mcc_enc").asDouble(), 1e-5);
        assertEquals(1.0, json.get("shared_fraction").asDouble());
        assertTrue(json.get("baseline_pw_mcc_dec").asDouble() > 0 && json.get("baseline_pw_mcc_dec").asDouble() < 1);
        assertEquals("exact", json.get("method").asText());
        JsonNode matching = json.get("matching");
        assertEquals(40, matching.size());
        assertEquals(0, matching.get(0).get(0).asInt());
        assertEquals(39, matching.get(0).get(1).asInt());
        assertEquals(1.0, matching.get(0).get(2).asDouble(), 1e-5);
    }

    @Test
    void textShowsObservedBaselineAndExcess() {
        String text = AlignReport.compute("a.safetensors", A, "b.safetensors", B, 0.7).toText(3);
        assertTrue(text.contains("a.safetensors <-> b.safetensors"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("PW-MCC decoder") && l.contains("1.0000")), text);
        assertTrue(text.contains("... 37 more pairs"), text);
    }
}
