/**
 * The live web UI of HUSAI: a Vert.x Web server ({@link dev.husai.web.WebServer}) with a REST API, a Server-Sent
 * Events live channel and the static pages under {@code webroot}. Metric points and alerts enter through
 * {@link dev.husai.web.MetricListener} (wired by the app to a Kafka consumer) into the in-memory
 * {@link dev.husai.web.MetricStore}: one {@link dev.husai.web.GroupLog} per group, bounded in events and bytes by
 * thinning old steps onto a coarser uniform grid (the whole run keeps its shape). Browsers read it through
 * {@link dev.husai.web.LiveChannel} / {@link dev.husai.web.LiveStream} (chunked backfill, then one shared buffer per
 * batch of new events) and {@link dev.husai.web.SummaryChannel}, at most {@code maxLiveConnections} at once.
 * Stop commands leave through an injected {@code Consumer<ControlMessage>}. Input is parsed at the edge
 * ({@link dev.husai.web.Requests}); every error goes through one failure handler ({@link dev.husai.web.Failures}).
 * Replays of recording files are played into the same store by {@code dev.husai.web.replay}.
 * Protocol and security: {@code docs/web.md}.
 */
package dev.husai.web;
