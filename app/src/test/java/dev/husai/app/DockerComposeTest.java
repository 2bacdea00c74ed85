package dev.husai.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Docker is not available on the development machines, so the compose file is validated structurally:
 * every husai service's command must parse with the real command line, and every host, port and file
 * it refers to must exist in the file or the repository.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final JsonNode compose = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        assertTrue(s.isObject(), "expected a service named " + name);
        return s;
    }

    @Test
    void hasTheServicesOfTheDesign() {
        List<String> names = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("kafka", "influxdb", "grafana", "analyzer", "web", "trainer")), names.toString());
        assertTrue(service("kafka").path("image").asText().startsWith("apache/kafka:"));
        assertEquals("influxdb:1.8", service("influxdb").path("image").asText());
        assertEquals(2, service("analyzer").path("deploy").path("replicas").asInt());
        compose.path("services").forEach(s -> assertTrue(!s.path("image").asText().isEmpty(), "every service has an image"));
    }

    @Test
    void everyHusaiCommandParsesWithTheRealCommandLine() {
        compose.path("services").fields().forEachRemaining(e -> {
            if (!e.getValue().path("image").asText().startsWith("husai")) {
                return;
            }
            List<String> args = new ArrayList<>();
            e.getValue().path("command").forEach(a -> args.add(a.asText()));
            // throws ParameterException on an unknown subcommand, flag or bad value
            var parsed = Husai.commandLine().parseArgs(args.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), e.getKey() + " runs a husai subcommand");
            Path dockerfile = ROOT.resolve(e.getValue().path("build").path("dockerfile").asText());
            assertTrue(Files.isRegularFile(dockerfile), "expected Dockerfile at " + dockerfile);
        });
    }

    @Test
    void addressesPointAtTheServicesThatServeThem() {
        String kafkaAdvertised = service("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        String influxPort = service("influxdb").path("ports").get(0).asText().split(":")[1];
        compose.path("services").forEach(s -> {
            List<String> cmd = new ArrayList<>();
            s.path("command").forEach(a -> cmd.add(a.asText()));
            for (int i = 0; i + 1 < cmd.size(); i++) {
                if (cmd.get(i).equals("--bootstrap-servers")) {
                    assertTrue(kafkaAdvertised.endsWith("//" + cmd.get(i + 1)), cmd.get(i + 1) + " vs " + kafkaAdvertised);
                }
                if (cmd.get(i).equals("--influx-url")) {
                    assertEquals("http://influxdb:" + influxPort, cmd.get(i + 1));
                }
            }
        });
    }

    @Test
    void grafanaIsProvisionedFromFilesInTheRepository() throws Exception {
        for (JsonNode v : service("grafana").path("volumes")) {
            Path host = ROOT.resolve(v.asText().split(":")[0]);
            assertTrue(Files.isDirectory(host), "expected " + host);
        }
        JsonNode dashboard = new ObjectMapper().readTree(
                ROOT.resolve("app/docker/grafana/dashboards/husai.json").toFile());
        assertTrue(dashboard.path("panels").size() >= 3);
        String datasources = Files.readString(ROOT.resolve("app/docker/grafana/provisioning/datasources/influxdb.yml"));
        assertTrue(datasources.contains("url: http://influxdb:8086"));
    }
}
