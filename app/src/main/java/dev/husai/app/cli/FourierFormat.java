package dev.husai.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.husai.core.fourier.EmbeddingFourier;
import dev.husai.core.fourier.FourierReport;
import dev.husai.core.fourier.LogitFourier;
import java.util.Arrays;
import java.util.Locale;

/** Text table and JSON views of a {@link FourierReport}. */
public final class FourierFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FourierFormat() {
    }

    /** A human-readable summary. */
    public static String table(FourierReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Fourier analysis, p = %d%n", r.p()));
        s.append(String.format(Locale.ROOT, "  key frequencies (>= %.0f%% of the embedding's Fourier norm^2): %s%n",
                FourierReport.DEFAULT_MIN_SHARE * 100, Arrays.toString(r.keyFrequencies())));
        s.append(String.format(Locale.ROOT, "  %-6s %14s %16s%n", "freq", "embed norm", "MLP var share"));
        int[] ranked = EmbeddingFourier.ranked(r.embeddingNorms());
        for (int i = 0; i < Math.min(10, ranked.length); i++) {
            int k = ranked[i];
            s.append(String.format(Locale.ROOT, "  %-6d %14.3f %15.1f%%%n", k, r.embeddingNorms()[k],
                    100 * r.mlpFrequencyShare()[k]));
        }
        s.append(String.format(Locale.ROOT, "  embedding: Gini %.3f, top-8 frequencies hold %.1f%% of the Fourier norm^2%n",
                r.embeddingGini(), 100 * r.embeddingTop8Share()));
        s.append(String.format(Locale.ROOT, "  MLP variance explained: key-frequency terms %.1f%%, each neuron's own frequency %.1f%%%n",
                100 * r.keyTermsExplained(), 100 * r.ownFrequencyExplained()));
        s.append(losses("train", r.trainLosses())).append(losses("all  ", r.allLosses()));
        return s.toString();
    }

    private static String losses(String label, LogitFourier.Losses l) {
        return String.format(Locale.ROOT, "  loss on %s pairs: original %.4g, restricted %.4g, excluded %.4g%n",
                label, l.original(), l.restricted(), l.excluded());
    }

    /** The report as a JSON object. */
    public static ObjectNode json(FourierReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", r.p());
        var keys = o.putArray("key_frequencies");
        Arrays.stream(r.keyFrequencies()).forEach(keys::add);
        var norms = o.putArray("embedding_norms");
        Arrays.stream(r.embeddingNorms()).forEach(norms::add);
        var share = o.putArray("mlp_frequency_share");
        Arrays.stream(r.mlpFrequencyShare()).forEach(share::add);
        o.put("embedding_gini", r.embeddingGini());
        o.put("embedding_top8_share", r.embeddingTop8Share());
        o.put("mlp_key_terms_explained", r.keyTermsExplained());
        o.put("mlp_own_frequency_explained", r.ownFrequencyExplained());
        o.set("train_losses", losses(r.trainLosses()));
        o.set("all_losses", losses(r.allLosses()));
        return o;
    }

    private static ObjectNode losses(LogitFourier.Losses l) {
        return JSON.createObjectNode().put("original", l.original()).put("restricted", l.restricted())
                .put("excluded", l.excluded());
    }

    public static String pretty(ObjectNode o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
