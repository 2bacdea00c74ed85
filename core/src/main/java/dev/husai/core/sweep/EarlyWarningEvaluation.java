package dev.husai.core.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Leave-one-group-out (LOGO) evaluation of the {@link EarlyWarning} predictor against two baselines.
 *
 * <p>For each of the G usable groups g: fit the predictor (lambda choice included) on the other G - 1, forecast g from
 * its first 20%; the <b>constant</b> predictor says the mean final value of those G - 1 groups; the <b>last-value</b>
 * predictor says g's last seen value. For each target and predictor:
 * {@code MAE = (1/G) sum_g |yhat_g - y_g|}, {@code RMSE = sqrt((1/G) sum_g (yhat_g - y_g)^2)}.
 *
 * @param scores      the errors
 * @param predictions one row per evaluated group, in input order
 */
public record EarlyWarningEvaluation(Scores scores, List<Prediction> predictions) {

    public EarlyWarningEvaluation {
        predictions = List.copyOf(predictions);
    }

    /**
     * @param groups  G, groups evaluated
     * @param skipped groups left out for having fewer than two seen points (or no finite final value)
     * @param pwMcc   errors on final raw PW-MCC
     * @param shared  errors on final raw shared fraction
     */
    public record Scores(int groups, int skipped, Errors pwMcc, Errors shared) {
    }

    /**
     * Errors of the three predictors on one target.
     *
     * @param modelMae     the early-warning model's MAE
     * @param modelRmse    its RMSE
     * @param constantMae  the constant predictor's (mean final value of the training groups) MAE
     * @param constantRmse its RMSE
     * @param lastMae      the last-seen-value predictor's MAE
     * @param lastRmse     its RMSE
     */
    public record Errors(double modelMae, double modelRmse, double constantMae, double constantRmse, double lastMae,
                         double lastRmse) {
    }

    /**
     * One held-out group.
     *
     * @param group          group id
     * @param pwMcc          its final raw PW-MCC
     * @param pwMccModel     the model's forecast of it
     * @param pwMccConstant  the constant predictor's
     * @param pwMccLast      the last seen raw PW-MCC
     * @param shared         its final raw shared fraction
     * @param sharedModel    the model's forecast
     * @param sharedConstant the constant predictor's
     * @param sharedLast     the last seen raw shared fraction
     */
    public record Prediction(String group, double pwMcc, double pwMccModel, double pwMccConstant, double pwMccLast,
                             double shared, double sharedModel, double sharedConstant, double sharedLast) {
    }

    /** LOGO over the usable groups; IllegalArgumentException when fewer than 3 are usable. */
    public static EarlyWarningEvaluation leaveOneGroupOut(List<GroupResult> results) {
        List<GroupResult> usable = EarlyWarning.usable(results);
        if (usable.size() < 3) {
            throw new IllegalArgumentException("expected >= 3 groups with >= " + EarlyFeatures.MIN_SEEN
                    + " curve points in the first 20% of their step cap, found " + usable.size() + " of "
                    + results.size());
        }
        List<Prediction> rows = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            GroupResult held = usable.get(i);
            List<GroupResult> train = new ArrayList<>(usable);
            train.remove(i);
            rows.add(predict(EarlyWarning.fit(train), train, held));
        }
        Scores s = new Scores(rows.size(), results.size() - usable.size(),
                errors(rows, Prediction::pwMcc, Prediction::pwMccModel, Prediction::pwMccConstant, Prediction::pwMccLast),
                errors(rows, Prediction::shared, Prediction::sharedModel, Prediction::sharedConstant,
                        Prediction::sharedLast));
        return new EarlyWarningEvaluation(s, rows);
    }

    private static Prediction predict(EarlyWarning model, List<GroupResult> train, GroupResult held) {
        EarlyWarning.Forecast f = model.forecast(held.curve(), held.dSae(), held.steps());
        List<CurvePoint> seen = EarlyFeatures.seen(held.curve(), held.steps());
        CurvePoint last = seen.get(seen.size() - 1);
        return new Prediction(held.group(), EarlyWarning.finalPwMcc(held), f.pwMcc(),
                train.stream().mapToDouble(EarlyWarning::finalPwMcc).average().orElseThrow(), last.pwMcc(),
                EarlyWarning.finalShared(held), f.shared(),
                train.stream().mapToDouble(EarlyWarning::finalShared).average().orElseThrow(), last.shared());
    }

    private static Errors errors(List<Prediction> rows, ToDoubleFunction<Prediction> actual,
                                 ToDoubleFunction<Prediction> model,
                                 ToDoubleFunction<Prediction> constant,
                                 ToDoubleFunction<Prediction> last) {
        double[] m = error(rows, actual, model);
        double[] c = error(rows, actual, constant);
        double[] l = error(rows, actual, last);
        return new Errors(m[0], m[1], c[0], c[1], l[0], l[1]);
    }

    /** {@code {MAE, RMSE}} of one predictor. */
    private static double[] error(List<Prediction> rows, ToDoubleFunction<Prediction> actual,
                                  ToDoubleFunction<Prediction> predicted) {
        double abs = 0;
        double sq = 0;
        for (Prediction p : rows) {
            double e = predicted.applyAsDouble(p) - actual.applyAsDouble(p);
            abs += Math.abs(e);
            sq += e * e;
        }
        return new double[] {abs / rows.size(), Math.sqrt(sq / rows.size())};
    }
}
