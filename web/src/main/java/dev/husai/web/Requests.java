package dev.husai.web;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Parsing of request parts at the edge. Every refusal is an {@link HttpException} 400 whose payload says what was
 * expected and what was found (the found value quoted as JSON and cut at {@value #PREVIEW} characters), never a Java
 * class name.
 */
final class Requests {
    static final int PREVIEW = 60;

    private Requests() {
    }

    static long longParam(RoutingContext ctx, String name, long dflt) {
        String v = ctx.queryParams().get(name);
        try {
            return v == null || v.isEmpty() ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "expected an integer " + name + ", found " + v);
        }
    }

    static long longPath(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "expected an integer " + name + ", found " + preview(v));
        }
    }

    /** The body as a JSON object ({} when empty); {@code shape} names the expected keys, e.g. {@code {"step": integer}}. */
    static JsonObject jsonObject(RoutingContext ctx, String shape) {
        String text = ctx.body() == null || !ctx.body().available() ? "" : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (RuntimeException e) {
            throw new HttpException(400, "expected a JSON object body " + shape + ", found " + preview(text));
        }
    }

    /** An optional integer field of a body. */
    static long longField(JsonObject body, String name, long dflt) {
        Object v = body.getValue(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        throw new HttpException(400, "expected an integer " + name + " in the body, found " + preview(Json.encode(v)));
    }

    /** An optional text field of a body. */
    static String stringField(JsonObject body, String name, String dflt) {
        Object v = body.getValue(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new HttpException(400, "expected a text " + name + " in the body, found " + preview(Json.encode(v)));
    }

    /** At most {@value #PREVIEW} characters of {@code s}, with "..." when cut. */
    static String preview(String s) {
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW) + "...";
    }
}
