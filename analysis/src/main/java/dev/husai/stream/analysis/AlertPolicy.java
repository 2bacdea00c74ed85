package dev.husai.stream.analysis;

import java.util.Locale;

/** What the analyzer does when a seed-level rule fires: only publish the alert, or also stop the seed. */
public enum AlertPolicy {
    /** Publish to the alerts topic only. */
    ALERT_ONLY,
    /** Publish the alert and send {@code stop} for the seed on the control topic (early stopping). */
    ALERT_AND_STOP;

    /** Parses {@code alert}/{@code alert_only} or {@code stop}/{@code alert_and_stop}. */
    public static AlertPolicy parse(String s) {
        return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
            case "alert", "alert_only" -> ALERT_ONLY;
            case "stop", "alert_and_stop" -> ALERT_AND_STOP;
            default -> throw new IllegalArgumentException("expected policy alert or stop, found " + s);
        };
    }
}
