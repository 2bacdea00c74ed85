/**
 * Configuration values shared by every module: hook points, the SAE/group config
 * {@link dev.husai.core.config.SaeConfig} and its width {@link dev.husai.core.config.Width} (d_sae latents, or an
 * expansion alias d_sae / d_in).
 */
package dev.husai.core.config;
