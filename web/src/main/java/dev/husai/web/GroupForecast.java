package dev.husai.web;

import dev.husai.core.sweep.CurvePoint;
import dev.husai.core.sweep.EarlyFeatures;
import dev.husai.core.sweep.EarlyWarning;
import dev.husai.core.sweep.EarlyWarningEvaluation;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The early-warning forecast of one running group (mutated under the {@link MetricStore} lock, like
 * {@link GroupStats}): keeps the group points at or before 20% of the step cap ({@code steps} on the point) and, once
 * a group point at or past that step has arrived, forecasts the final raw PW-MCC and shared fraction with the
 * {@link EarlyWarning} model shipped in the product ({@value #RESOURCE}, fitted on study results: docs/metrics.md,
 * "Early warning"). Only points up to the cut are kept (O(snapshots in the first 20%) per group); the forecast is
 * computed once and recomputed only if an earlier point arrives late.
 */
final class GroupForecast {
    static final String RESOURCE = "/dev/husai/web/early-warning.json";
    private static final Logger LOG = LoggerFactory.getLogger(GroupForecast.class);
    private static final EarlyWarning SHIPPED = load();
    private final EarlyWarning model;
    private final TreeMap<Long, CurvePoint> seen = new TreeMap<>();
    private Integer cap;
    private Integer dSae;
    private long latest = -1;
    private JsonObject cached;

    GroupForecast() {
        this(SHIPPED);
    }

    /** With another model (null: no forecast). */
    GroupForecast(EarlyWarning model) {
        this.model = model;
    }

    /** The model shipped in the product, or null when its resource is missing or malformed (logged once). */
    static EarlyWarning shipped() {
        return SHIPPED;
    }

    /** Takes one {@code group} point: its cap, width, step, and its PW-MCC / shared means when before the cut. */
    void add(JsonObject p) {
        Integer steps = p.getValue("steps") instanceof Number n && n.intValue() > 0 ? n.intValue() : null;
        cap = steps != null ? steps : cap;
        dSae = p.getValue("d_sae") instanceof Number n && n.intValue() > 0 ? Integer.valueOf(n.intValue()) : dSae;
        long step = p.getLong("step", -1L);
        latest = Math.max(latest, step);
        if (cap != null && step >= 0 && step <= EarlyFeatures.seenUntil(cap)
                && p.getValue("pw_mcc_dec_mean") instanceof Number pw && p.getValue("shared_fraction_mean") instanceof Number sh) {
            seen.put(step, new CurvePoint(step, pw.doubleValue(), pw.doubleValue(), pw.doubleValue(), sh.doubleValue(),
                    Double.NaN, Double.NaN, p.getInteger("pairs", 0)));
            cached = null;
        }
    }

    /**
     * Null without a model, a step cap or a width; {@code {ready: false, seen_until}} before the group reached 20%
     * of its cap (or with fewer than two points before it); else {@code {ready: true, pw_mcc, shared, seen_until,
     * seen_points, groups, mae_pw_mcc, mae_shared}} (the LOGO MAEs when the model carries them).
     */
    JsonObject toJson() {
        if (model == null || cap == null || dSae == null) {
            return null;
        }
        long until = EarlyFeatures.seenUntil(cap);
        if (latest < until || !EarlyFeatures.enough(new ArrayList<>(seen.values()))) {
            return new JsonObject().put("ready", false).put("seen_until", until);
        }
        if (cached == null) {
            EarlyWarning.Forecast f = model.forecast(new ArrayList<>(seen.values()), dSae, cap);
            if (!Double.isFinite(f.pwMcc()) || !Double.isFinite(f.shared())) {
                return new JsonObject().put("ready", false).put("seen_until", until);
            }
            EarlyWarningEvaluation.Scores logo = model.logo();
            cached = new JsonObject().put("ready", true).put("pw_mcc", f.pwMcc()).put("shared", f.shared())
                    .put("seen_until", until).put("seen_points", seen.size()).put("groups", model.trainingGroups().size())
                    .put("mae_pw_mcc", logo == null ? null : logo.pwMcc().modelMae())
                    .put("mae_shared", logo == null ? null : logo.shared().modelMae());
        }
        return cached.copy();
    }

    private static EarlyWarning load() {
        try (InputStream in = GroupForecast.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.warn("no early-warning model at {} on the class path: the UI shows no forecasts", RESOURCE);
                return null;
            }
            return EarlyWarning.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("could not read the early-warning model {}: {}; the UI shows no forecasts", RESOURCE, e.getMessage());
            return null;
        }
    }
}
