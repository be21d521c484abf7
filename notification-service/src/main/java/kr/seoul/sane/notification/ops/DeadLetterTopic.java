package kr.seoul.sane.notification.ops;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dead-letter topic of the platform as its name tells it: every service's listener sends a record it cannot
 * handle to {@code error.<source topic>.<consumer group>} (the group is the service's name, or starts with it:
 * catalog-service's {@code <instance>-curation}, and {@code catalog-service-transparency} of its former second proposal
 * listener, whose dead letters a store may still hold). A name that is not of that form is still a dead-letter
 * topic to list, with no source topic and no service.
 *
 * @param name        the dead-letter topic
 * @param sourceTopic the topic the record was read from, or null when the name does not say
 * @param group       the consumer group that gave up on it, or null
 * @param service     the platform service of that group, else the group itself, or null
 */
record DeadLetterTopic(String name, String sourceTopic, String group, String service) {

    static final String PREFIX = "error.";
    /** The services whose listeners dead-letter records. */
    static final List<String> SERVICES = List.of("proposal-service", "routing-service", "notification-service",
            "catalog-service");
    /**
     * The topics the platform's services consume: the event types of the contract (contracts' {@code EventContracts
     * .EVENT_TYPES}, which the tests hold this list to). A replay only ever goes to one of them.
     */
    static final List<String> CONSUMED_TOPICS = List.of("proposal.submitted", "proposal.routed",
            "proposal.status-changed", "proposal.triaged", "proposal.erasure-requested",
            "proposal.personal-data-erased", "catalog.suggested", "notification.delivered", "notification.failed",
            "catalog.case-published", "catalog.case-withdrawn", "catalog.institution-upserted",
            "ops.account-changed", "department.directory-changed");

    /** A legal Kafka topic name: what is read from or written to the broker is one. */
    static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern NAME = Pattern.compile("^error\\.(.+)\\.([A-Za-z0-9_-]+)$");

    /** The topic as a dead-letter topic: a legal topic name that starts with {@code error.}. */
    static Optional<DeadLetterTopic> parse(String name) {
        if (name == null || !LEGAL.matcher(name).matches() || !name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.of(new DeadLetterTopic(name, null, null, null));
        }
        String group = matcher.group(2);
        String service = SERVICES.stream().filter(group::startsWith).findFirst().orElse(group);
        return Optional.of(new DeadLetterTopic(name, matcher.group(1), group, service));
    }

    /**
     * Where a replay of this topic's records goes: its source topic, only when a platform service dead-lettered it
     * and the platform consumes that topic. Never taken from a record's headers, which anyone who can write to the
     * topic could set.
     */
    Optional<String> replayTarget() {
        return sourceTopic != null && SERVICES.contains(service) && CONSUMED_TOPICS.contains(sourceTopic)
                ? Optional.of(sourceTopic) : Optional.empty();
    }
}
