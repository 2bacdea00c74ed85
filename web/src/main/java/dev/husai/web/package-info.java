/**
 * The live web UI of HUSAI: a Vert.x Web server ({@link dev.husai.web.WebServer}) with a REST API, a Server-Sent
 * Events live channel and the static pages under {@code webroot}. Metric points and alerts enter through
 * {@link dev.husai.web.MetricListener} (wired by the app to the event bus or a Kafka consumer) into the in-memory
 * {@link dev.husai.web.MetricStore}; stop commands leave through an injected {@code Consumer<ControlMessage>}.
 * Replays of recording files are played into the same store by {@code dev.husai.web.replay}.
 * Protocol and security: {@code docs/web.md}.
 */
package dev.husai.web;
