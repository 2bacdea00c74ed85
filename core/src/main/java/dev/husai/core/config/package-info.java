/** Configuration values shared by every module (hook points; SAE and group configs come with the SAE engine). */
package dev.husai.core.config;
