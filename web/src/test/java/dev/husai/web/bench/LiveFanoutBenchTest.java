package dev.husai.web.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link LiveFanoutBench} from Maven (its test classpath, offline) when asked: {@code -Dhusai.bench=true}, optional
 * {@code -Dhusai.bench.args="200 60 250 2000 8"}. Skipped otherwise: a benchmark is not a timed unit test.
 */
class LiveFanoutBenchTest {
    @Test
    @EnabledIfSystemProperty(named = "husai.bench", matches = "true")
    void run() throws Exception {
        String args = System.getProperty("husai.bench.args", "").trim();
        LiveFanoutBench.main(args.isEmpty() ? new String[0] : args.split("\\s+"));
    }
}
