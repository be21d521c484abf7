package kr.seoul.sane.notification.ops;

import java.util.function.Predicate;

/**
 * Which dead-letter topics an operator looks at: those of one service and/or one source topic (blank = any).
 *
 * @param service     a service ({@code routing-service}) or blank
 * @param sourceTopic a source topic ({@code proposal.submitted}) or blank
 */
record DeadLetterFilter(String service, String sourceTopic) implements Predicate<DeadLetterTopic> {

    DeadLetterFilter {
        service = service == null || service.isBlank() ? null : service.strip();
        sourceTopic = sourceTopic == null || sourceTopic.isBlank() ? null : sourceTopic.strip();
    }

    /** Both values are absent or could be a service or topic name (what is echoed on the page is one). */
    boolean valid() {
        return invalidField() == null;
    }

    /** {@code service} or {@code topic} (the request parameter) when that value cannot be a name, else null. */
    String invalidField() {
        if (service != null && !DeadLetterTopic.LEGAL.matcher(service).matches()) {
            return "service";
        }
        return sourceTopic != null && !DeadLetterTopic.LEGAL.matcher(sourceTopic).matches() ? "topic" : null;
    }

    @Override
    public boolean test(DeadLetterTopic topic) {
        return (service == null || service.equals(topic.service()))
                && (sourceTopic == null || sourceTopic.equals(topic.sourceTopic()));
    }
}
