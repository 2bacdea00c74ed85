/**
 * Replay in the web UI: a recording file ({@code dev.husai.stream.replay.Recording}) is analysed once by the same
 * pure {@code Analyzer} as the live pipeline ({@link dev.husai.web.replay.ReplayTimeline}), then played into the
 * {@code MetricStore} under a replay group id at a chosen speed, with pause and seek
 * ({@link dev.husai.web.replay.ReplaySession}); {@link dev.husai.web.replay.ReplayService} holds the sessions, the
 * recordings directory and the REST routes. Everything the live pages show (curves, raster, alerts) works on a
 * replayed group unchanged. See {@code docs/web.md}.
 */
package dev.husai.web.replay;
