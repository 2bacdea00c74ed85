package dev.husai.core.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Practical advice derived from a sweep's results (never written in advance): each sentence is produced by a
 * rule over the measured figures and quotes the figures it rests on.
 */
public final class Recommendations {

    /** Excess PW-MCC below which a configuration is at chance level. */
    public static final double CHANCE_EXCESS = 0.02;

    private Recommendations() {
    }

    /** The recommendations for {@code results} (G >= 1 groups). */
    public static List<String> of(List<GroupResult> results) {
        if (results.isEmpty()) {
            return List.of("No finished group: run husai sweep first.");
        }
        List<String> out = new ArrayList<>();
        out.add(architecture(results));
        out.add(bestConfiguration(results));
        out.add(strongestPredictor(results, Measure.RAW_PW_MCC_EXCESS));
        out.add(goldilocks(results));
        out.add(rawVersusSpan(results));
        if (results.stream().anyMatch(g -> Double.isFinite(g.fourierRecovered()))) {
            out.add(families(results));
            out.add(groundTruth(results));
        }
        List<GroupResult> withTruth = results.stream().filter(g -> g.truth() != null).toList();
        if (!withTruth.isEmpty()) {
            out.add(knownDictionary(withTruth));
        }
        out.add(earlyDecision(results));
        return out;
    }

    private static String architecture(List<GroupResult> results) {
        List<SweepFindings.ArchRank> r = SweepFindings.ranking(SweepFindings.rankable(results), Measure.RAW_PW_MCC_EXCESS);
        SweepFindings.ArchRank best = r.get(0);
        String s = f("Architecture: %s is the most seed-stable by raw PW-MCC excess (%+.3f, 95%% CI [%+.3f, %+.3f] over %d seed pairs)",
                best.arch().wireName(), best.pooled().mean(), best.pooled().ci95Low(), best.pooled().ci95High(), best.pooled().n());
        if (r.size() < 2) {
            return s + ".";
        }
        SweepFindings.ArchRank next = r.get(1);
        boolean separated = best.pooled().ci95Low() > next.pooled().ci95High();
        return s + f("; %s follows (%+.3f). %s", next.arch().wireName(), next.pooled().mean(), separated
                ? "The intervals do not overlap: prefer " + best.arch().wireName() + " when stability matters."
                : "The intervals overlap: the data do not separate them; choose on reconstruction quality.");
    }

    private static String bestConfiguration(List<GroupResult> results) {
        Optional<GroupResult> best = SweepFindings.rankable(results).stream()
                .filter(g -> !(g.quality().fvu() > 0.1) && !(g.quality().splicedAccuracy() < 0.99))
                .max(Comparator.comparingDouble(Measure.RAW_PW_MCC_EXCESS::of));
        return best.map(g -> f("Best configuration that reconstructs faithfully (FVU <= 0.1, spliced accuracy >= 0.99): "
                        + "%s d_sae %d %s=%s%s (raw PW-MCC %.3f vs baseline %.3f, "
                        + "shared %.3f; in-span PW-MCC %.3f vs %.3f; FVU %.4f, L0 %.1f).", g.arch().wireName(), g.dSae(),
                g.sparsityName(), num(g.sparsity()), g.converged() ? "" : " (not converged)", g.raw().pwMcc().mean(), g.raw().baselinePwMcc(), g.raw().shared().mean(),
                g.span().pwMcc().mean(), g.span().baselinePwMcc(), g.quality().fvu(), g.quality().l0()))
                .orElse("No configuration reached FVU <= 0.1 with spliced accuracy >= 0.99: train longer before judging "
                        + "stability.");
    }

    private static String strongestPredictor(List<GroupResult> results, Measure m) {
        SweepFindings.Predictor p = SweepFindings.predictors(results, m).get(0);
        if (Double.isNaN(p.effect())) {
            return "Predictors: the " + m.label() + " does not vary across the grid.";
        }
        String direction = p.statistic().startsWith("eta") ? "explains " + pct(p.effect()) + " of its variance"
                : (p.effect() > 0 ? "higher values go with more stability" : "higher values go with less stability")
                + f(" (Spearman rho %+.2f)", p.effect());
        return f("Strongest predictor of the %s: %s — %s.", m.label(), p.factor(), direction);
    }

    private static String goldilocks(List<GroupResult> results) {
        List<GroupResult> zone = SweepFindings.goldilocks(results, Measure.RAW_SHARED);
        if (zone.isEmpty()) {
            double best = results.stream().mapToDouble(g -> g.raw().shared().mean()).max().orElse(0);
            return f("Goldilocks zone: no configuration shares more than %.0f%% of its latents across seeds "
                    + "(best raw shared fraction %.3f); treat single-seed features from this grid as seed-specific.",
                    100 * SweepFindings.GOLDILOCKS_SHARED, best);
        }
        return f("Goldilocks zone: %d configuration(s) share > %.0f%% of latents across seeds, best %s (%.3f).", zone.size(),
                100 * SweepFindings.GOLDILOCKS_SHARED, zone.get(0).group(), zone.get(0).raw().shared().mean());
    }

    private static String rawVersusSpan(List<GroupResult> results) {
        double raw = results.stream().mapToDouble(Measure.RAW_PW_MCC_EXCESS::of).average().orElse(Double.NaN);
        double span = results.stream().mapToDouble(Measure.SPAN_PW_MCC_EXCESS::of).average().orElse(Double.NaN);
        int rank = results.get(0).spanRank();
        if (raw < CHANCE_EXCESS && span < CHANCE_EXCESS) {
            return f("Chance level: mean PW-MCC excess is %+.3f raw and %+.3f inside the rank-%d data subspace. With "
                    + "dictionaries far wider than the data's dimension any two dictionaries match about as well as random "
                    + "ones; judge feature identity on ground truth or activations, not on decoder cosines.", raw, span, rank);
        }
        return f("Raw vs in-span: mean PW-MCC excess %+.3f raw, %+.3f inside the rank-%d data subspace; report the in-span "
                + "figure when the activations are low-dimensional.", raw, span, rank);
    }

    private static String families(List<GroupResult> results) {
        List<GroupResult> with = SweepFindings.defined(results, Measure.FAMILY_OVERLAP_EXCESS);
        if (with.isEmpty()) {
            return "Feature families: no configuration recovers a key frequency with >= 2 latents in two seeds.";
        }
        double overlap = with.stream().mapToDouble(g -> g.families().overlap()).average().orElseThrow();
        double base = with.get(0).families().baseline();
        double inSpan = 2.0 / with.get(0).spanRank();
        double latents = with.stream().mapToDouble(g -> g.families().latents()).average().orElseThrow();
        double rawExcess = with.stream().mapToDouble(Measure.RAW_PW_MCC_EXCESS::of).average().orElseThrow();
        String s = f("Feature families: in %d of %d configurations the latents tuned to a key frequency (%.0f per seed on "
                + "average) span subspaces that overlap %.3f across seeds (random 2-D subspaces: %.3f in the model space, "
                + "%.3f inside the rank-%d data subspace)", with.size(), results.size(), latents, overlap, base, inSpan,
                with.get(0).spanRank());
        if (overlap - Math.max(base, inSpan) > 0.3 && rawExcess < 0.05) {
            return s + f(", while single latents match at chance (raw PW-MCC excess %+.3f): the seeds learn the same "
                    + "feature families but tile them differently. Compare seeds by family subspaces, not latent by latent.",
                    rawExcess);
        }
        return s + ".";
    }

    private static String groundTruth(List<GroupResult> results) {
        double rho = SweepFindings.recoveryCorrelation(results, Measure.RAW_PW_MCC_EXCESS);
        double recovered = results.stream().mapToDouble(GroupResult::fourierRecovered).filter(Double::isFinite).average()
                .orElse(Double.NaN);
        String link = Double.isNaN(rho) ? "cannot be correlated (no variation)"
                : Math.abs(rho) < 0.3 ? f("is barely related to stability (Spearman rho %+.2f): stable is not the same as correct", rho)
                : rho > 0 ? f("rises with stability (Spearman rho %+.2f): stable configurations also find the ground truth", rho)
                : f("falls as stability rises (Spearman rho %+.2f): stability and ground-truth recovery trade off", rho);
        return f("Ground truth: on average %s of the (seed, key frequency) pairs are recovered by a pure latent; recovery %s.",
                pct(recovered), link);
    }

    /** The best recovery of the known dictionary, its group, and whether cross-seed PW-MCC ranks groups like it. */
    private static String knownDictionary(List<GroupResult> withTruth) {
        GroupResult best = withTruth.stream().max(Comparator.comparingDouble(g -> g.truth().mccVsTruth())).orElseThrow();
        double rho = Correlation.spearman(withTruth.stream().mapToDouble(g -> g.raw().pwMcc().mean()).toArray(),
                withTruth.stream().mapToDouble(g -> g.truth().mccVsTruth()).toArray());
        return f("Known dictionary: the best recovery is MCC vs truth %.3f (random %.3f, %s of %d atoms at tau) by %s%s; "
                + "across %d groups cross-seed PW-MCC and recovery have Spearman rho %+.2f.", best.truth().mccVsTruth(),
                best.truth().baselineMcc(), pct(best.truth().recoveredFraction()), best.truth().trueAtoms(), best.group(),
                best.converged() ? "" : " (not converged)", withTruth.size(), rho);
    }

    private static String earlyDecision(List<GroupResult> results) {
        double f = SweepFindings.medianDecidedFraction(results, CurvePoint::pwMcc);
        if (Double.isNaN(f)) {
            return "Temporal: no curves recorded.";
        }
        long rising = results.stream().filter(Recommendations::stillRising).count();
        String s = f("Temporal: the raw PW-MCC curve is within its final band (max(0.01, 10%% of its change)) after %s of "
                + "training (median over groups)", pct(f));
        return rising == 0 ? s + "; a live monitor can judge a group's seed stability from that point and stop unstable "
                + "groups early."
                : s + f(", but %d of %d curves still rose by more than 10%% of their total change over the last snapshot "
                + "interval: train longer before reading final stability.", rising, results.size());
    }

    /** Whether the raw PW-MCC curve's last step added more than 10% of its total change (and at least 0.001). */
    static boolean stillRising(GroupResult g) {
        List<CurvePoint> c = g.curve();
        if (c.size() < 3) {
            return false;
        }
        double last = c.get(c.size() - 1).pwMcc() - c.get(c.size() - 2).pwMcc();
        double total = Math.abs(c.get(c.size() - 1).pwMcc() - c.get(0).pwMcc());
        return last > Math.max(0.001, 0.1 * total);
    }

    private static String pct(double v) {
        return f("%.0f%%", 100 * v);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
