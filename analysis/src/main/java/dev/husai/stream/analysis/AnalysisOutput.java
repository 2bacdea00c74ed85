package dev.husai.stream.analysis;

import dev.husai.core.protocol.Alert;
import dev.husai.core.protocol.ControlMessage;
import dev.husai.core.protocol.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input caused: metric points, alerts and control commands, in publication order.
 * {@code rejection} is non-null when the input itself goes to the dead-letter topic (with that reason).
 */
public record AnalysisOutput(List<MetricPoint> metrics, List<Alert> alerts, List<ControlMessage> controls,
                             String rejection) {

    public AnalysisOutput {
        metrics = List.copyOf(metrics);
        alerts = List.copyOf(alerts);
        controls = List.copyOf(controls);
    }

    /** No output at all (e.g. a chunk of a snapshot not yet complete). */
    public static final AnalysisOutput NONE = new AnalysisOutput(List.of(), List.of(), List.of(), null);

    /** Nothing but a rejection. */
    public static AnalysisOutput rejected(String reason) {
        return new AnalysisOutput(List.of(), List.of(), List.of(), reason);
    }

    /** Mutable collector used while processing one input. */
    static final class Builder {
        final List<MetricPoint> metrics = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        final List<ControlMessage> controls = new ArrayList<>();
        String rejection;

        void alert(Alert a) {
            alerts.add(a);
            if (a.stop()) {
                controls.add(new ControlMessage("stop", a.group(), a.seed(), a.kind() + ": " + a.message(), a.step()));
            }
        }

        AnalysisOutput build() {
            return new AnalysisOutput(metrics, alerts, controls, rejection);
        }
    }
}
