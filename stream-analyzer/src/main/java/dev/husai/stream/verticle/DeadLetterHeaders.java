package dev.husai.stream.verticle;

/** Headers of a dead-letter record (UTF-8 strings); key and value are the original record's. */
public final class DeadLetterHeaders {
    /** Why the record was rejected, expected vs found. */
    public static final String REASON = "husai.reason";
    /** Topic the record came from. */
    public static final String SOURCE_TOPIC = "husai.source.topic";
    /** Its partition. */
    public static final String SOURCE_PARTITION = "husai.source.partition";
    /** Its offset. */
    public static final String SOURCE_OFFSET = "husai.source.offset";

    private DeadLetterHeaders() {
    }
}
