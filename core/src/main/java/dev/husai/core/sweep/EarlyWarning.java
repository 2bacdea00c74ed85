package dev.husai.core.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The early-warning predictor: from the first {@link EarlyFeatures#SEEN_FRACTION} of a group's step cap, its final
 * raw PW-MCC ({@code raw().pwMcc().mean()}) and final raw shared fraction ({@code raw().shared().mean()}).
 *
 * <p>Two ridge regressions ({@link Ridge}: standardised features, unpenalised intercept, lambda per target chosen by
 * exact leave-one-out error among 10^-4 .. 10^3) on the K = 5 features of {@link EarlyFeatures}, fitted over the G
 * training groups that have at least two seen points; forecasts are clipped to [0, 1]. Judged by
 * {@link EarlyWarningEvaluation#leaveOneGroupOut}.
 *
 * <p>Serialised as a small JSON ({@link #toJson}) that the web module ships as a resource.
 *
 * @param features       feature names, {@code [K]} ({@link EarlyFeatures#NAMES})
 * @param means          training means of the features, {@code [K]}
 * @param scales         training standard deviations (1 for a constant feature), {@code [K]}
 * @param pwMcc          the regression to final raw PW-MCC
 * @param shared         the regression to final raw shared fraction
 * @param seenFraction   the share of the step cap seen ({@link EarlyFeatures#SEEN_FRACTION})
 * @param trainingGroups the groups fitted on, {@code [G]}
 * @param skipped        groups left out for having fewer than two seen points
 * @param logo           leave-one-group-out scores of this recipe on the same groups, or null when not evaluated
 */
public record EarlyWarning(List<String> features, double[] means, double[] scales, Target pwMcc, Target shared,
                           double seenFraction, List<String> trainingGroups, int skipped,
                           EarlyWarningEvaluation.Scores logo) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public EarlyWarning {
        int k = features.size();
        if (means.length != k || scales.length != k || pwMcc.coefficients().length != k
                || shared.coefficients().length != k) {
            throw new IllegalArgumentException("expected " + k + " means, scales and coefficients per target, found "
                    + means.length + ", " + scales.length + ", " + pwMcc.coefficients().length + " and "
                    + shared.coefficients().length);
        }
        features = List.copyOf(features);
        trainingGroups = List.copyOf(trainingGroups);
    }

    /**
     * One fitted regression: {@code yhat = intercept + sum_j coefficients_j (x_j - mean_j) / scale_j}.
     *
     * @param intercept    the training mean of the target
     * @param lambda       the ridge penalty chosen
     * @param coefficients {@code [K]}, per standardised feature
     */
    public record Target(double intercept, double lambda, double[] coefficients) {
        double predict(double[] z) {
            double y = intercept;
            for (int j = 0; j < z.length; j++) {
                y += coefficients[j] * z[j];
            }
            return y;
        }
    }

    /**
     * A forecast of a group's final figures, each clipped to [0, 1] (the range of both measures).
     *
     * @param pwMcc  final raw PW-MCC
     * @param shared final raw shared fraction
     */
    public record Forecast(double pwMcc, double shared) {
    }

    /** Fits on every group with enough seen points; IllegalArgumentException when fewer than two have them. */
    public static EarlyWarning fit(List<GroupResult> results) {
        List<GroupResult> usable = usable(results);
        if (usable.size() < 2) {
            throw new IllegalArgumentException("expected >= 2 groups with >= " + EarlyFeatures.MIN_SEEN
                    + " curve points in the first 20% of their step cap, found " + usable.size() + " of "
                    + results.size());
        }
        List<double[]> x = usable.stream().map(EarlyWarning::features).toList();
        double[][] std = Ridge.standardisation(x);
        List<double[]> z = x.stream().map(r -> Ridge.standardise(r, std[0], std[1])).toList();
        Target pw = target(Ridge.fit(z, usable.stream().mapToDouble(EarlyWarning::finalPwMcc).toArray()));
        Target sh = target(Ridge.fit(z, usable.stream().mapToDouble(EarlyWarning::finalShared).toArray()));
        return new EarlyWarning(EarlyFeatures.NAMES, std[0], std[1], pw, sh, EarlyFeatures.SEEN_FRACTION,
                usable.stream().map(GroupResult::group).toList(), results.size() - usable.size(), null);
    }

    /** {@link #fit} with its {@link EarlyWarningEvaluation#leaveOneGroupOut} scores attached (>= 3 usable groups). */
    public static EarlyWarning fitEvaluated(List<GroupResult> results) {
        return fit(results).withLogo(EarlyWarningEvaluation.leaveOneGroupOut(results).scores());
    }

    /** This model with its leave-one-group-out scores. */
    public EarlyWarning withLogo(EarlyWarningEvaluation.Scores scores) {
        return new EarlyWarning(features, means, scales, pwMcc, shared, seenFraction, trainingGroups, skipped, scores);
    }

    /**
     * The forecast from a group's seen points (ascending, steps <= 20% of {@code capSteps}, >= 2 of them; later
     * points are dropped here too), its width and its step cap.
     */
    public Forecast forecast(List<CurvePoint> seen, int dSae, int capSteps) {
        double[] z = Ridge.standardise(EarlyFeatures.of(EarlyFeatures.seen(seen, capSteps), dSae, capSteps), means, scales);
        return new Forecast(clip(pwMcc.predict(z)), clip(shared.predict(z)));
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** The groups the predictor can see enough of (see {@link EarlyFeatures#enough}). */
    public static List<GroupResult> usable(List<GroupResult> results) {
        List<GroupResult> out = new ArrayList<>();
        for (GroupResult g : results) {
            if (g.steps() >= 1 && EarlyFeatures.enough(EarlyFeatures.seen(g.curve(), g.steps()))
                    && Double.isFinite(finalPwMcc(g)) && Double.isFinite(finalShared(g))) {
                out.add(g);
            }
        }
        return out;
    }

    static double[] features(GroupResult g) {
        return EarlyFeatures.of(EarlyFeatures.seen(g.curve(), g.steps()), g.dSae(), g.steps());
    }

    static double finalPwMcc(GroupResult g) {
        return g.raw().pwMcc().mean();
    }

    static double finalShared(GroupResult g) {
        return g.raw().shared().mean();
    }

    private static Target target(double[] fit) {
        double[] beta = new double[fit.length - 2];
        System.arraycopy(fit, 2, beta, 0, beta.length);
        return new Target(fit[0], fit[1], beta);
    }

    /** The model as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not encode the early-warning model: " + e.getMessage(), e);
        }
    }

    /** Reads {@link #toJson}'s output; IllegalArgumentException (expected vs found) for anything else. */
    public static EarlyWarning fromJson(String json) {
        try {
            EarlyWarning m = JSON.readValue(json, EarlyWarning.class);
            if (!EarlyFeatures.NAMES.equals(m.features())) {
                throw new IllegalArgumentException("expected early-warning features " + EarlyFeatures.NAMES
                        + ", found " + m.features());
            }
            return m;
        } catch (JsonProcessingException | NullPointerException e) {
            throw new IllegalArgumentException("expected an early-warning model (JSON with features, means, scales, "
                    + "pwMcc, shared), found: " + e.getMessage(), e);
        }
    }
}
