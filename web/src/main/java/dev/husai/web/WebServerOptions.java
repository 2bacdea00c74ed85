package dev.husai.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Options of the {@link WebServer}.
 *
 * @param host           interface to bind; 127.0.0.1 by default (use 0.0.0.0 to expose, with care)
 * @param port           TCP port, 0 = any free port; 8080 by default
 * @param token          the action token required (header {@code X-Husai-Token}) by state-changing requests
 * @param allowedOrigins extra origins accepted on the live channel and actions, besides the server's own
 * @param recordingsDir  directory whose recording files the replay page offers; null = none
 * @param maxLiveConnections most {@code /api/live} streams open at once (both views); one more is refused with 503
 */
public record WebServerOptions(String host, int port, String token, List<String> allowedOrigins, String recordingsDir,
                               int maxLiveConnections) {
    /** Default cap on open live streams. */
    public static final int DEFAULT_MAX_LIVE_CONNECTIONS = 256;

    /** Without a recordings directory. */
    public WebServerOptions(String host, int port, String token, List<String> allowedOrigins) {
        this(host, port, token, allowedOrigins, null);
    }

    /** With the default cap on live streams. */
    public WebServerOptions(String host, int port, String token, List<String> allowedOrigins, String recordingsDir) {
        this(host, port, token, allowedOrigins, recordingsDir, DEFAULT_MAX_LIVE_CONNECTIONS);
    }

    public WebServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("expected a host to bind, found " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("expected a port in 0..65535, found " + port);
        }
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("expected an action token of >= 16 characters, found "
                    + (token == null ? "none" : token.length() + " characters"));
        }
        if (maxLiveConnections < 1) {
            throw new IllegalArgumentException("expected maxLiveConnections >= 1, found " + maxLiveConnections);
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** 127.0.0.1:8080 with a fresh random token. */
    public static WebServerOptions defaults() {
        return new WebServerOptions("127.0.0.1", 8080, randomToken(), List.of());
    }

    /** {@code {"host","port","token","allowedOrigins":[...],"recordingsDir","maxLiveConnections"}}; absent keys: defaults. */
    public static WebServerOptions fromJson(JsonObject j) {
        WebServerOptions d = defaults();
        JsonArray origins = j.getJsonArray("allowedOrigins", new JsonArray());
        return new WebServerOptions(j.getString("host", d.host()), j.getInteger("port", d.port()),
                j.getString("token", d.token()), origins.stream().map(String::valueOf).toList(), j.getString("recordingsDir"),
                j.getInteger("maxLiveConnections", d.maxLiveConnections()));
    }

    public WebServerOptions withHost(String h) {
        return new WebServerOptions(h, port, token, allowedOrigins, recordingsDir, maxLiveConnections);
    }

    public WebServerOptions withPort(int p) {
        return new WebServerOptions(host, p, token, allowedOrigins, recordingsDir, maxLiveConnections);
    }

    public WebServerOptions withToken(String t) {
        return new WebServerOptions(host, port, t, allowedOrigins, recordingsDir, maxLiveConnections);
    }

    public WebServerOptions withRecordingsDir(String dir) {
        return new WebServerOptions(host, port, token, allowedOrigins, dir, maxLiveConnections);
    }

    public WebServerOptions withMaxLiveConnections(int n) {
        return new WebServerOptions(host, port, token, allowedOrigins, recordingsDir, n);
    }

    /** 128 random bits as 32 hex characters. */
    public static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
