package dev.husai.app.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * One group of a distributed sweep, as published on the work topic: the whole sweep file travels with it, so a
 * worker needs nothing but the data it names (the shipped testbed, or an activations file at the same relative path).
 *
 * @param sweep      the sweep's name
 * @param group      the group id to train (one of the sweep's)
 * @param index      0-based position of the group in the sweep
 * @param count      groups in the sweep
 * @param specText   the sweep file's text
 * @param specSource the sweep file's name (for error messages)
 */
public record WorkItem(String sweep, String group, int index, int count, String specText, String specSource) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record key: {@code sweep/group}. */
    public String key() {
        return sweep + "/" + group;
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a work record; anything else is an error naming what was found. */
    public static WorkItem fromBytes(byte[] value) {
        try {
            WorkItem w = JSON.readValue(value, WorkItem.class);
            if (w.sweep() == null || w.group() == null || w.specText() == null) {
                throw new IllegalArgumentException("expected a work item with sweep, group and specText, found "
                        + new String(value, StandardCharsets.UTF_8));
            }
            return w;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("expected a JSON work item, found " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("expected a JSON work item, found " + e.getMessage(), e);
        }
    }
}
