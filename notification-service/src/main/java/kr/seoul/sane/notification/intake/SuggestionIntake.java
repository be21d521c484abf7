package kr.seoul.sane.notification.intake;

import kr.seoul.sane.events.Envelope;
import kr.seoul.sane.events.EnvelopeReader;
import kr.seoul.sane.notification.config.NotificationProperties;
import kr.seoul.sane.notification.event.CatalogSuggested;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions.Institution;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions.SimilarCase;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions.Suggestions;
import kr.seoul.sane.notification.suggestion.ProposalSuggestions;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code catalog.suggested}: keeps up to 3 similar cases (absolute links) and 3 institutions per proposal for the
 * department mail. Idempotent (newest {@code occurredAt} wins, a replay changes nothing); never delays a mail.
 */
@Component
class SuggestionIntake {

    private static final Pattern HTTP = Pattern.compile("^https?://[^\\s\"<>]+$", Pattern.CASE_INSENSITIVE);
    private static final int MAX = 3;

    private final EnvelopeReader reader;
    private final ProposalSuggestions suggestions;
    private final String publicBaseUrl;
    private final Clock clock;

    SuggestionIntake(EnvelopeReader reader, ProposalSuggestions suggestions, NotificationProperties properties,
                     Clock clock) {
        this.reader = reader;
        this.suggestions = suggestions;
        String base = properties.publicBaseUrl() == null ? "" : properties.publicBaseUrl().strip();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.clock = clock;
    }

    void onSuggested(Envelope<JsonNode> event) {
        CatalogSuggested payload = reader.payload(event, CatalogSuggested.class);
        List<SimilarCase> cases = payload.casesOrEmpty().stream().filter(Objects::nonNull)
                .filter(c -> c.title() != null && !c.title().isBlank())
                .map(c -> new SimilarCase(c.title().strip(), absolute(c.url())))
                .filter(c -> c.url() != null).limit(MAX).toList();
        List<Institution> institutions = payload.institutionsOrEmpty().stream().filter(Objects::nonNull)
                .filter(i -> i.name() != null && !i.name().isBlank())
                .filter(i -> i.homepage() != null && HTTP.matcher(i.homepage().strip()).matches())
                .map(i -> new Institution(i.name().strip(), i.homepage().strip())).limit(MAX).toList();
        suggestions.remember(new Suggestions(event.proposalId(), event.eventId(),
                event.occurredAt() != null ? event.occurredAt() : clock.instant(), cases, institutions));
    }

    /** {@code /cases/x} → public base + path; an absolute http(s) URL stays; anything else is dropped. */
    private String absolute(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String value = url.strip();
        if (HTTP.matcher(value).matches()) {
            return value;
        }
        if (value.startsWith("/") && !value.startsWith("//") && !value.matches(".*[\\s\"<>].*")) {
            return publicBaseUrl + value;
        }
        return null;
    }
}
