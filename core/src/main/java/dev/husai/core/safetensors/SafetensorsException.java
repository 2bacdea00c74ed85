package dev.husai.core.safetensors;

/** Malformed or mis-shaped safetensors input; the message says what was expected and what was found. */
public class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
