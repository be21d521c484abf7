package kr.seoul.sane.opssecurity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadConstraints;

/**
 * {@code platform.json.*}: how much JSON the service's {@code JsonMapper} reads before it gives up, whatever the
 * source (request bodies, events). Jackson's defaults allow 500 levels of nesting, 1,000-digit numbers, 100-million
 * character strings and documents of any length; the platform's documents are small and flat.
 *
 * @param maxDocumentLength the longest document (the broker's default record limit is 1 MB; request bodies are
 *                          refused above {@code platform.http.max-body} before they get here)
 * @param maxStringLength   the longest string value, in characters
 * @param maxNestingDepth   the deepest nesting of objects and arrays
 * @param maxNumberLength   the longest number, in characters
 * @param maxNameLength     the longest property name, in characters
 */
@ConfigurationProperties("platform.json")
public record JsonReadLimits(
        @DefaultValue("1MB") DataSize maxDocumentLength,
        @DefaultValue("262144") int maxStringLength,
        @DefaultValue("64") int maxNestingDepth,
        @DefaultValue("100") int maxNumberLength,
        @DefaultValue("1000") int maxNameLength) {

    public StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(maxDocumentLength.toBytes())
                .maxStringLength(maxStringLength)
                .maxNestingDepth(maxNestingDepth)
                .maxNumberLength(maxNumberLength)
                .maxNameLength(maxNameLength)
                .build();
    }

    /** The Korean (and English) message a client gets when its JSON goes past one of the limits. */
    public String message() {
        return "요청 JSON이 허용 한도를 넘습니다. 중첩은 " + maxNestingDepth + "단계, 숫자는 " + maxNumberLength
                + "자리, 문자열은 " + maxStringLength + "자까지 보낼 수 있습니다. (JSON exceeds the limits: nesting "
                + maxNestingDepth + " levels, numbers " + maxNumberLength + " digits, strings " + maxStringLength
                + " characters.)";
    }
}
