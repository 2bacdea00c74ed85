/**
 * Reading the files a user names, at the edge: {@link dev.husai.core.io.InputFiles} turns "no such file", "is a
 * directory" and unreadable files into one expected/found message instead of a Java exception name.
 */
package dev.husai.core.io;
