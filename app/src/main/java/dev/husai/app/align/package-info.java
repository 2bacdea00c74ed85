/**
 * The {@code husai align} pair report (plain classes; the picocli command wraps them): computes
 * {@link dev.husai.core.stability.PairReport} for two SAEs and formats it as a text table or JSON.
 */
package dev.husai.app.align;
