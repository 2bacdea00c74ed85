/**
 * Recording and replay of snapshot streams: {@link Recording} (the file format), {@link Recorder} (a group's
 * records from Kafka retention, offset 0, into a file) and {@link Replayer} (a file back onto the snapshots
 * topic under a new run id, optionally paced). The analysis is deterministic, so a replay gives the same
 * metric curves as the live run.
 */
package dev.husai.stream.replay;
