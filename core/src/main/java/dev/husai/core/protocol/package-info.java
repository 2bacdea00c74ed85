/**
 * The wire protocol besides snapshots (docs/protocol.md): the values of the {@code husai.metrics}
 * ({@link dev.husai.core.protocol.MetricPoint}), {@code husai.alerts} ({@link dev.husai.core.protocol.Alert}) and
 * {@code husai.control} ({@link dev.husai.core.protocol.ControlMessage}) records. Pure values with an ordered map
 * form; the adapters (analyzer verticle, web, trainer's control listener) encode and decode them.
 */
package dev.husai.core.protocol;
