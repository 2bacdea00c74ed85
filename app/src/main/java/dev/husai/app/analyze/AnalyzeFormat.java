package dev.husai.app.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.husai.core.config.Width;
import dev.husai.core.fourier.LatentRecovery;
import dev.husai.core.snapshot.SaeWeights;
import dev.husai.core.stability.GroupStability;
import dev.husai.core.stability.PairReport;
import dev.husai.core.stability.Recovery;
import dev.husai.core.stability.Summary;
import java.util.Locale;

/** Text table and JSON of a {@link GroupAnalysis}. */
public final class AnalyzeFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalyzeFormat() {
    }

    /** The weights of one seed: every seed of a group has the same shapes. */
    private static SaeWeights shape(GroupAnalysis g) {
        return g.set().bySeed().values().iterator().next().weights();
    }

    public static String text(GroupAnalysis g, double tau) {
        StringBuilder s = new StringBuilder();
        SaeWeights w = shape(g);
        s.append(String.format(Locale.ROOT, "group %s: %d seeds %s, d_sae %d at d_in %d (expansion %s), tau = %.2f, "
                + "exact matching on decoders%n", g.set().group(), g.seeds().size(), g.set().seeds(), w.dSae(), w.dIn(),
                Width.plain(w.dSae() / (double) w.dIn()), tau));
        s.append(String.format(Locale.ROOT, "%-12s %-6s %9s %9s %9s %9s%n", "pair", "", "PW-MCC dec", "PW-MCC enc",
                "shared", "baseline"));
        for (GroupStability.SeedPair p : g.stability().pairs()) {
            PairReport r = p.report();
            s.append(String.format(Locale.ROOT, "%-12s %-6s %10.3f %10.3f %9.3f %9.3f%n",
                    g.set().seeds().get(p.a()) + "-" + g.set().seeds().get(p.b()), "",
                    r.observed().pwMccDecoder(), r.observed().pwMccEncoder(), r.observed().sharedFraction(),
                    r.randomBaseline().pwMccDecoder()));
        }
        s.append(summaryLine("PW-MCC decoder", g.stability().pwMccDecoder()));
        s.append(summaryLine("  excess over random", g.stability().excessPwMccDecoder()));
        s.append(summaryLine("PW-MCC encoder", g.stability().pwMccEncoder()));
        s.append(summaryLine("shared fraction", g.stability().sharedFraction()));
        s.append(summaryLine("  excess over random", g.stability().excessSharedFraction()));
        s.append(String.format(Locale.ROOT, "mean linear CKA of decoder dictionaries over pairs: %.3f%n", g.meanCka()));
        s.append(String.format(Locale.ROOT, "%-6s %10s %10s %10s %10s %9s %s%n", "seed", "universal", "mean|cos|",
                "effdim-U", "effdim-O", "clusters", "Fourier recovery (key freq: latents/universal)"));
        for (GroupAnalysis.SeedFacts f : g.seeds()) {
            s.append(String.format(Locale.ROOT, "%-6d %9.1f%% %10.3f %10.1f %10.1f %9d %s%n", f.seed(),
                    100 * f.universalFraction(), f.interference().meanAbs(), f.effDimUniversal(), f.effDimOrphan(),
                    f.clusters().multiLatentClusters(), recoveryText(f.recovery())));
        }
        s.append("universal = shared (>= tau) with every other seed; effdim = participation ratio of universal (U)"
                + " and orphan (O) latents; clusters = groups of >= 2 decoder rows at cosine >= 0.9\n");
        if (g.truthBaseline() != null) {
            s.append(truthText(g, tau));
        }
        return s.toString();
    }

    /** Per seed: recovery of the known dictionary beside the random-dictionary baseline. */
    private static String truthText(GroupAnalysis g, double tau) {
        Recovery base = g.truthBaseline();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "recovery of %d true atoms (exact matching of "
                + "unit decoder rows; mean over true atoms, unmatched = 0):%n%-6s %10s %14s%n", base.trueAtoms(), "seed",
                "MCC-truth", String.format(Locale.ROOT, "recovered@%.2f", tau)));
        for (GroupAnalysis.SeedFacts f : g.seeds()) {
            s.append(String.format(Locale.ROOT, "%-6d %10.3f %14.3f%n", f.seed(), f.truth().mccVsTruth(),
                    f.truth().recoveredFraction()));
        }
        s.append(String.format(Locale.ROOT, "%-6s %10.3f %14.3f  (random unit dictionaries [%d, %d], mean of %d)%n",
                "random", base.mccVsTruth(), base.recoveredFraction(), base.latents(), shape(g).dIn(),
                Recovery.BASELINE_DRAWS));
        return s.toString();
    }

    private static String summaryLine(String name, Summary m) {
        return String.format(Locale.ROOT, "%-22s mean %.3f  [min %.3f, max %.3f]  95%% CI [%.3f, %.3f]  N=%d%n",
                name, m.mean(), m.min(), m.max(), m.ci95Low(), m.ci95High(), m.n());
    }

    private static String recoveryText(LatentRecovery r) {
        if (r == null) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (LatentRecovery.Frequency f : r.frequencies()) {
            s.append(f.frequency()).append(':').append(f.latents()).append('/').append(f.universalLatents()).append(' ');
        }
        return s.toString().trim();
    }

    public static String json(GroupAnalysis g, double tau) {
        ObjectNode o = JSON.createObjectNode();
        o.put("group", g.set().group());
        SaeWeights w = shape(g);
        o.put("d_sae", w.dSae()).put("d_in", w.dIn()).put("expansion", w.dSae() / (double) w.dIn());
        o.put("tau", tau);
        var seeds = o.putArray("seeds");
        g.set().seeds().forEach(seeds::add);
        o.set("pw_mcc_dec", summary(g.stability().pwMccDecoder()));
        o.set("pw_mcc_enc", summary(g.stability().pwMccEncoder()));
        o.set("shared_fraction", summary(g.stability().sharedFraction()));
        o.set("excess_pw_mcc_dec", summary(g.stability().excessPwMccDecoder()));
        o.set("excess_shared_fraction", summary(g.stability().excessSharedFraction()));
        o.put("mean_cka_dec", g.meanCka());
        var pairs = o.putArray("pairs");
        for (GroupStability.SeedPair p : g.stability().pairs()) {
            PairReport r = p.report();
            pairs.addObject().put("seed_a", g.set().seeds().get(p.a())).put("seed_b", g.set().seeds().get(p.b()))
                    .put("pw_mcc_dec", r.observed().pwMccDecoder()).put("pw_mcc_enc", r.observed().pwMccEncoder())
                    .put("shared_fraction", r.observed().sharedFraction())
                    .put("baseline_pw_mcc_dec", r.randomBaseline().pwMccDecoder())
                    .put("baseline_shared_fraction", r.randomBaseline().sharedFraction())
                    .put("init_pw_mcc_dec", r.initBaseline().pwMccDecoder());
        }
        if (g.truthBaseline() != null) {
            o.putObject("truth").put("atoms", g.truthBaseline().trueAtoms())
                    .put("baseline_mcc", g.truthBaseline().mccVsTruth())
                    .put("baseline_recovered_fraction", g.truthBaseline().recoveredFraction());
        }
        var per = o.putArray("per_seed");
        for (GroupAnalysis.SeedFacts f : g.seeds()) {
            ObjectNode n = per.addObject().put("seed", f.seed()).put("universal_fraction", f.universalFraction())
                    .put("interference_mean_abs_cos", f.interference().meanAbs())
                    .put("interference_max_abs_cos", f.interference().maxAbs())
                    .put("eff_dim_universal", f.effDimUniversal()).put("eff_dim_orphan", f.effDimOrphan())
                    .put("direction_clusters", f.clusters().multiLatentClusters());
            if (f.truth() != null) {
                n.put("truth_mcc", f.truth().mccVsTruth()).put("truth_recovered_fraction", f.truth().recoveredFraction());
            }
            if (f.recovery() != null) {
                n.put("fourier_recovered_share", f.recovery().recoveredShare());
                var freqs = n.putArray("fourier");
                f.recovery().frequencies().forEach(fr -> freqs.addObject().put("frequency", fr.frequency())
                        .put("latents", fr.latents()).put("universal_latents", fr.universalLatents())
                        .put("best_purity", fr.bestPurity()));
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode summary(Summary m) {
        return JSON.createObjectNode().put("mean", m.mean()).put("min", m.min()).put("max", m.max()).put("n", m.n())
                .put("ci95_low", m.ci95Low()).put("ci95_high", m.ci95High());
    }
}
