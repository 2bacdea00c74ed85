/**
 * Reading the files a user names, at the edge: {@link dev.husai.core.io.InputFiles} turns "no such file", "is a
 * directory" and unreadable files into one expected/found message instead of a Java exception name; it
 * also memory-maps the rows of activation files larger than the heap ({@code mapRows}), the one place core touches files.
 */
package dev.husai.core.io;
