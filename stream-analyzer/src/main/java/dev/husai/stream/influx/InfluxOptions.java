package dev.husai.stream.influx;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the InfluxDB sink.
 *
 * @param url          e.g. {@code http://127.0.0.1:8086}
 * @param database     created if missing
 * @param batchSize    points per write (at most)
 * @param retryMillis  wait between retries while the server is away
 */
public record InfluxOptions(String url, String database, int batchSize, long retryMillis) {

    public InfluxOptions {
        if (url == null || !url.matches("https?://.+")) {
            throw new IllegalArgumentException("expected an http(s):// InfluxDB URL, found " + url);
        }
        if (database == null || !database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("expected a database name [A-Za-z0-9_]+, found " + database);
        }
        if (batchSize < 1 || retryMillis < 1) {
            throw new IllegalArgumentException("expected batchSize >= 1 and retryMillis >= 1, found " + batchSize + ", "
                    + retryMillis);
        }
    }

    /** From JSON ({@code url} required; {@code database} husai, {@code batchSize} 500, {@code retryMillis} 1000). */
    public static InfluxOptions fromJson(JsonObject j) {
        return new InfluxOptions(j.getString("url"), j.getString("database", "husai"), j.getInteger("batchSize", 500),
                j.getLong("retryMillis", 1000L));
    }
}
