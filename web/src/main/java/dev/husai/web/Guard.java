package dev.husai.web;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Set;

/** Origin and token checks: the live channel and actions only answer pages served by this server. */
final class Guard {
    static final String TOKEN_HEADER = "X-Husai-Token";
    private final byte[] token;
    private final Set<String> origins = new LinkedHashSet<>();

    Guard(WebServerOptions o, int actualPort) {
        this.token = o.token().getBytes(StandardCharsets.UTF_8);
        String h = o.host();
        boolean loopback = h.equals("127.0.0.1") || h.equals("localhost") || h.equals("::1") || h.equals("0.0.0.0");
        if (loopback) {
            origins.add("http://127.0.0.1:" + actualPort);
            origins.add("http://localhost:" + actualPort);
            origins.add("http://[::1]:" + actualPort);
        }
        if (!h.equals("0.0.0.0")) {
            origins.add("http://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + actualPort);
        }
        origins.addAll(o.allowedOrigins());
    }

    Set<String> origins() {
        return origins;
    }

    /** Null when allowed (no Origin header = not a cross-site browser request), else the reason. */
    String checkOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || origins.contains(origin)) {
            return null;
        }
        return "expected Origin one of " + origins + ", found " + origin;
    }

    /** Null when the action token matches (constant-time), else the reason. */
    String checkToken(RoutingContext ctx) {
        String t = ctx.request().getHeader(TOKEN_HEADER);
        if (t == null) {
            return "expected header " + TOKEN_HEADER + " with the token printed at start-up, found none";
        }
        if (!MessageDigest.isEqual(token, t.getBytes(StandardCharsets.UTF_8))) {
            return "expected the action token printed at start-up in " + TOKEN_HEADER + ", found a different value";
        }
        return null;
    }
}
