/**
 * {@code husai watch}: follows the checkpoint folders an external trainer (SAELens, sparsify) writes, one folder per
 * seed, and publishes each new complete checkpoint as a HUSAI snapshot ({@link dev.husai.app.watch.CheckpointWatcher});
 * what was published is kept in a small state file ({@link dev.husai.app.watch.PublishedLog}) so that a restart
 * sends nothing twice.
 */
package dev.husai.app.watch;
