/**
 * Persistence of the metric points in InfluxDB 1.x (InfluxQL): {@link InfluxPoints} maps a point to an
 * Influx point (pure), {@link InfluxSink} consumes the metrics topic and writes batches, retrying while the
 * server is away. Schema: measurements {@code husai_<type>}; tags {@code group, arch, hook} and {@code seed}
 * (drift, seed) or {@code pair} (pair); {@code step} is a FIELD, never a tag (unbounded cardinality); see
 * {@code docs/protocol.md}.
 */
package dev.husai.stream.influx;
