package kr.seoul.sane.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates event payloads against the platform's JSON Schemas and hands out the example payloads.
 * Producers' tests validate what they really emit; consumers' tests feed the examples.
 */
public final class EventContracts {

    /** Every event type, which is also its Kafka topic. */
    public static final List<String> EVENT_TYPES = List.of(
            "proposal.submitted",
            "proposal.routed",
            "proposal.status-changed",
            "proposal.triaged",
            "proposal.erasure-requested",
            "proposal.personal-data-erased",
            "catalog.suggested",
            "notification.delivered",
            "notification.failed",
            "catalog.case-published",
            "catalog.case-withdrawn",
            "catalog.institution-upserted",
            "ops.account-changed", "department.directory-changed");

    private static final String SCHEMA_BASE = "https://sane.seoul.example/contracts/schemas/";
    private static final String CLASSPATH_BASE = "classpath:contracts/schemas/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaIdResolvers(resolvers -> resolvers.mapPrefix(SCHEMA_BASE, CLASSPATH_BASE)));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventContracts() {
    }

    /** Schema violations of {@code json} as event {@code type}; empty when it conforms. */
    public static List<String> violations(String type, String json) {
        requireKnown(type);
        Schema schema = SCHEMAS.computeIfAbsent(type,
                t -> REGISTRY.getSchema(SchemaLocation.of(SCHEMA_BASE + t + ".schema.json")));
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    /** Throws {@link AssertionError} listing every violation when {@code json} does not conform. */
    public static void assertConforms(String type, String json) {
        List<String> violations = violations(type, json);
        if (!violations.isEmpty()) {
            throw new AssertionError("event " + type + " breaks its contract:\n  "
                    + String.join("\n  ", violations) + "\npayload: " + json);
        }
    }

    /** The example payload of an event type, exactly as kept in {@code contracts/examples}. */
    public static String example(String type) {
        requireKnown(type);
        return read("contracts/examples/" + type + ".json");
    }

    /** The AsyncAPI document that describes every topic. */
    public static String asyncApi() {
        return read("contracts/asyncapi.yaml");
    }

    private static void requireKnown(String type) {
        if (!EVENT_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type: " + type + " (known: " + EVENT_TYPES + ")");
        }
    }

    private static String read(String resource) {
        try (InputStream in = EventContracts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing contract resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
