package kr.seoul.sane.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractsTest {

    static List<String> types() {
        return EventContracts.EVENT_TYPES;
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyExampleConformsToItsSchema(String type) {
        assertThat(EventContracts.violations(type, EventContracts.example(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void anEnvelopeWithoutEventIdIsRejected(String type) {
        String broken = EventContracts.example(type).replaceFirst("\"eventId\"\\s*:\\s*\"[^\"]+\",", "");
        assertThat(EventContracts.violations(type, broken)).anyMatch(v -> v.contains("eventId"));
    }

    @Test
    void anExampleOfOneTypeDoesNotPassAsAnother() {
        assertThat(EventContracts.violations("proposal.routed", EventContracts.example("proposal.submitted")))
                .isNotEmpty();
    }

    @Test
    void aMalformedEmailInTheProposalIsRejected() {
        String broken = EventContracts.example("proposal.submitted")
                .replace("seoyeon.kim@example.org", "not-an-address");
        assertThat(EventContracts.violations("proposal.submitted", broken)).anyMatch(v -> v.contains("email"));
    }

    /** The routed example's snapshot after the erasure: contact name, e-mail and phone removed. */
    private static String routedWithoutContact() {
        return EventContracts.example("proposal.routed")
                .replaceAll("\"(contactName|email|phone)\"\\s*:\\s*\"[^\"]*\",", "");
    }

    @Test
    void aRoutedProposalMayCarryTheAnonymisedSnapshotOnly() {
        String anonymised = routedWithoutContact().replace("\"trackingCode\": \"SN-",
                "\"anonymizedAt\": \"2029-11-24T03:30:00Z\", \"trackingCode\": \"SN-");
        assertThat(anonymised).doesNotContain("email").contains("anonymizedAt");
        assertThat(EventContracts.violations("proposal.routed", anonymised)).isEmpty();
        // without the marker the missing contact is an error; with the marker no contact field may stay
        assertThat(EventContracts.violations("proposal.routed", routedWithoutContact())).isNotEmpty();
        assertThat(EventContracts.violations("proposal.routed", anonymised.replace("\"anonymizedAt\"",
                "\"phone\": \"02-1234-5678\", \"anonymizedAt\""))).isNotEmpty();
        // the submitted event always carries the full snapshot
        String submitted = EventContracts.example("proposal.submitted")
                .replaceAll("\"(contactName|email|phone)\"\\s*:\\s*\"[^\"]*\",", "")
                .replace("\"title\"", "\"anonymizedAt\": \"2029-11-24T03:30:00Z\", \"title\"");
        assertThat(EventContracts.violations("proposal.submitted", submitted)).isNotEmpty();
    }

    @Test
    void anUnknownFieldCodeIsRejected() {
        String broken = EventContracts.example("proposal.submitted").replace("ENVIRONMENT_PARKS", "GARDENING");
        assertThat(EventContracts.violations("proposal.submitted", broken)).isNotEmpty();
    }

    @Test
    void theErasureCodeTravelsEncryptedOnly() {
        String example = EventContracts.example("proposal.erasure-requested");
        assertThat(example).contains("\"encryptedCode\"").contains("\"schemaVersion\": 2")
                .doesNotContainPattern("\"[0-9]{6}\"");
        String sealed = "aeNkxOyw_3D37fLx665ufCFXsI-IjrNOjWTC0fs3FuyUfg";
        for (String bad : new String[] {"", "short", sealed + "+", sealed.replace('_', '/'), "A".repeat(257)}) {
            assertThat(EventContracts.violations("proposal.erasure-requested", example.replace(sealed, bad)))
                    .as(bad).anyMatch(v -> v.contains("encryptedCode"));
        }
        // version 1 carried the plaintext code: refused, with or without the encrypted one beside it
        String plaintext = example.replace("\"encryptedCode\": \"" + sealed + "\"", "\"code\": \"482915\"");
        assertThat(EventContracts.violations("proposal.erasure-requested", plaintext)).isNotEmpty();
        assertThat(EventContracts.violations("proposal.erasure-requested", plaintext.replace("\"schemaVersion\": 2",
                "\"schemaVersion\": 1"))).isNotEmpty();
        assertThat(EventContracts.violations("proposal.erasure-requested", example.replace("\"language\"",
                "\"code\": \"482915\", \"language\""))).anyMatch(v -> v.contains("code"));
        assertThat(EventContracts.violations("proposal.erasure-requested",
                example.replace("seoyeon.kim@example.org", "not-an-address"))).anyMatch(v -> v.contains("email"));
        assertThat(EventContracts.violations("proposal.erasure-requested",
                example.replaceFirst(",\\s*\"expiresAt\"\\s*:\\s*\"[^\"]+\"", ""))).anyMatch(v -> v.contains("expiresAt"));
    }

    @Test
    void theErasureEventCarriesNoPersonalDataAndAWithdrawnStatus() {
        String example = EventContracts.example("proposal.personal-data-erased");
        assertThat(example).doesNotContain("@").doesNotContain("email").doesNotContain("contactName")
                .contains("\"WITHDRAWN\"");
        assertThat(EventContracts.violations("proposal.personal-data-erased",
                example.replace("\"WITHDRAWN\"", "\"GONE\""))).isNotEmpty();
        assertThat(EventContracts.violations("proposal.personal-data-erased",
                example.replace("true", "\"yes\""))).anyMatch(v -> v.contains("withdrawn"));
        // proposal.status-changed knows the withdrawal too
        assertThat(EventContracts.violations("proposal.status-changed", EventContracts.example(
                "proposal.status-changed").replace("\"ACCEPTED\"", "\"WITHDRAWN\""))).isEmpty();
    }

    @Test
    void assertConformsNamesTheViolation() {
        assertThatThrownBy(() -> EventContracts.assertConforms("proposal.status-changed", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("proposal.status-changed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncApiDescribesExactlyTheKnownTopics() {
        Map<String, Object> doc = new Yaml().load(EventContracts.asyncApi());
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        assertThat(channels.values().stream().map(c -> (String) c.get("address")))
                .containsExactlyInAnyOrderElementsOf(EventContracts.EVENT_TYPES);
    }

    @Test
    void unknownTypeIsRefused() {
        assertThatThrownBy(() -> EventContracts.example("proposal.deleted"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
