package dev.husai.app.align;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.husai.core.align.Matching;
import dev.husai.core.stability.BaselinedValue;
import dev.husai.core.stability.Histogram;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.PairStability;
import dev.husai.core.stability.SaeDictionaries;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The pair report behind {@code husai align A B [--tau 0.7] [--json]}: PW-MCC (decoder, encoder), shared
 * fraction, both baselines with the excess over them, the matched-cosine histogram and the matching.
 *
 * @param nameA  label of the first SAE (e.g. its file name)
 * @param nameB  label of the second SAE
 * @param report the computed pair report
 */
public record AlignReport(String nameA, String nameB, PairReport report) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AlignReport {
        if (nameA == null || nameB == null || report == null) {
            throw new IllegalArgumentException("expected two names and a report, found a null");
        }
    }

    /** Computes the report for SAEs {@code a} ({@code [F,D]}) and {@code b} ({@code [G,D]}) at {@code tau}. */
    public static AlignReport compute(String nameA, SaeDictionaries a, String nameB, SaeDictionaries b, double tau) {
        return new AlignReport(nameA, nameB, PairReport.of(a, b, tau));
    }

    /** Readable table; lists at most {@code maxPairs} matched pairs (lowest cosines first). */
    public String toText(int maxPairs) {
        PairStability o = report.observed();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "align %s <-> %s   tau=%.2f   pairs K=%d (%s on decoders)%n",
                nameA, nameB, o.tau(), o.decoderMatching().size(), o.decoderMatching().method() == Matching.Method.EXACT
                        ? "exact matching" : "GREEDY matching, an approximation: the dictionaries are too large for "
                        + "their cosine matrix"));
        sb.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s %9s %9s%n",
                "metric", "observed", "random", "excess", "init", "excess"));
        row(sb, "PW-MCC decoder", report.pwMccDecoder(), report.pwMccDecoderVsInit());
        row(sb, "PW-MCC encoder", report.pwMccEncoder(),
                BaselinedValue.of(o.pwMccEncoder(), report.initBaseline().pwMccEncoder()));
        row(sb, "encoder cos on dec. pairs",
                BaselinedValue.of(o.encoderOnDecoderPairs(), report.randomBaseline().encoderOnDecoderPairs()),
                BaselinedValue.of(o.encoderOnDecoderPairs(), report.initBaseline().encoderOnDecoderPairs()));
        row(sb, "shared fraction (dec&enc)", report.sharedFraction(), report.sharedFractionVsInit());
        sb.append("random = two random unit SAEs of the same shapes; init = two untrained TopK-style inits\n");
        sb.append("matched decoder cosines:\n").append(histogramText(o.decoderHistogram()));
        sb.append(pairsText(o, maxPairs));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, BaselinedValue vsRandom, BaselinedValue vsInit) {
        sb.append(String.format(Locale.ROOT, "%-28s %9.4f %9.4f %+9.4f %9.4f %+9.4f%n", name, vsRandom.value(),
                vsRandom.baseline(), vsRandom.excess(), vsInit.baseline(), vsInit.excess()));
    }

    private static String histogramText(Histogram h) {
        StringBuilder sb = new StringBuilder();
        long max = java.util.Arrays.stream(h.counts()).max().orElse(1);
        for (int b = 0; b < h.counts().length; b++) {
            if (h.counts()[b] == 0) {
                continue;
            }
            int bar = (int) Math.ceil(40.0 * h.counts()[b] / Math.max(1, max));
            sb.append(String.format(Locale.ROOT, "  [%+.2f,%+.2f) %6d %s%n", h.binLow(b), h.binLow(b + 1),
                    h.counts()[b], "#".repeat(bar)));
        }
        return sb.toString();
    }

    private static String pairsText(PairStability o, int maxPairs) {
        Matching m = o.decoderMatching();
        Integer[] order = new Integer[m.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (x, y) -> Float.compare(m.cosines()[x], m.cosines()[y]));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%6s %6s %9s %9s  (lowest decoder cosines first)%n",
                "i(A)", "j(B)", "cos dec", "cos enc"));
        int shown = Math.min(maxPairs, order.length);
        for (int s = 0; s < shown; s++) {
            int k = order[s];
            sb.append(String.format(Locale.ROOT, "%6d %6d %9.4f %9.4f%n", m.rows()[k], m.cols()[k], m.cosines()[k],
                    o.encoderCosines()[k]));
        }
        if (shown < order.length) {
            sb.append("... ").append(order.length - shown).append(" more pairs (use --json for all)\n");
        }
        return sb.toString();
    }

    /** Machine-readable object (see {@link #toJsonNode()}) as indented JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keys: {@code a, b, tau, method, pairs, pw_mcc_dec, pw_mcc_enc, enc_cos_on_dec_pairs, shared_fraction},
     * {@code baseline_*} (random unit), {@code init_baseline_*}, {@code excess_*}, {@code histogram_dec}
     * and {@code matching}: a list of {@code [i, j, cos_dec, cos_enc]}.
     */
    public ObjectNode toJsonNode() {
        PairStability o = report.observed();
        ObjectNode n = JSON.createObjectNode();
        n.put("a", nameA).put("b", nameB).put("tau", o.tau());
        n.put("method", o.decoderMatching().method().name().toLowerCase(Locale.ROOT));
        n.put("pairs", o.decoderMatching().size());
        metrics(n, "", o);
        metrics(n, "baseline_", report.randomBaseline());
        metrics(n, "init_baseline_", report.initBaseline());
        n.put("excess_pw_mcc_dec", report.pwMccDecoder().excess());
        n.put("excess_pw_mcc_enc", report.pwMccEncoder().excess());
        n.put("excess_shared_fraction", report.sharedFraction().excess());
        ObjectNode h = n.putObject("histogram_dec");
        h.put("lo", o.decoderHistogram().lo()).put("hi", o.decoderHistogram().hi());
        ArrayNode counts = h.putArray("counts");
        for (long c : o.decoderHistogram().counts()) {
            counts.add(c);
        }
        ArrayNode matching = n.putArray("matching");
        Matching m = o.decoderMatching();
        for (int k = 0; k < m.size(); k++) {
            matching.addArray().add(m.rows()[k]).add(m.cols()[k]).add(m.cosines()[k]).add(o.encoderCosines()[k]);
        }
        return n;
    }

    private static void metrics(ObjectNode n, String prefix, PairStability s) {
        n.put(prefix + "pw_mcc_dec", s.pwMccDecoder());
        n.put(prefix + "pw_mcc_enc", s.pwMccEncoder());
        n.put(prefix + "enc_cos_on_dec_pairs", s.encoderOnDecoderPairs());
        n.put(prefix + "shared_fraction", s.sharedFraction());
    }
}
