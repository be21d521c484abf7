package kr.seoul.sane.proposal.intake;

import kr.seoul.sane.opssecurity.JsonReadLimits;
import kr.seoul.sane.proposal.api.ApiError;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON body by hand so that every wrong type (numbers, arrays, operator objects such as
 * {@code {"$gt": ""}}) becomes a per-field 400 instead of a binding failure.
 */
@Component
class JsonSubmissionReader {

    static final List<String> TEXT_FIELDS = List.of(
            "organization", "organizationType", "contactName", "email", "phone", "title", "content", "field",
            "language");
    static final int MAX_BODY = 64 * 1024;

    /**
     * Duplicate keys are refused: two parsers (gateway, service, a log viewer) must never see two different values.
     * The platform's read limits ({@code platform.json.*}: nesting, number and string lengths) hold here too.
     */
    private final JsonMapper json;
    private final String overLimits;

    JsonSubmissionReader(JsonReadLimits limits) {
        this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits.constraints()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.overLimits = limits.message();
    }

    /** Refuses malformed, overlong and surrogate-encoding byte sequences, which a lenient decoder would let through. */
    static boolean strictUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    record Parsed(ProposalSubmission submission, List<ApiError> errors) {
    }

    Parsed read(byte[] body) {
        if (body == null || body.length == 0) {
            return new Parsed(null, List.of(new ApiError(null, "요청 본문이 비어 있습니다. 제안 내용을 JSON으로 보내 주세요.")));
        }
        if (body.length > MAX_BODY) {
            return new Parsed(null, List.of(new ApiError(null, "요청이 너무 큽니다. 제안내용은 10,000자 이하로 보내 주세요.")));
        }
        if (!strictUtf8(body)) {
            return new Parsed(null, List.of(new ApiError(null, "요청 본문이 올바른 UTF-8이 아닙니다. UTF-8로 인코딩해 보내 주세요.")));
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamConstraintsException e) {
            return new Parsed(null, List.of(new ApiError(null, overLimits)));
        } catch (StreamReadException e) {
            if (e.getMessage() != null && e.getMessage().contains("Duplicate Object property")) {
                return new Parsed(null, List.of(new ApiError(null, "같은 항목 이름이 두 번 들어 있습니다. 항목마다 한 번만 보내 주세요.")));
            }
            return new Parsed(null, List.of(new ApiError(null, "JSON 형식이 올바르지 않습니다. 괄호, 따옴표, 쉼표를 확인해 주세요.")));
        } catch (JacksonException e) {
            return new Parsed(null, List.of(new ApiError(null, "JSON 형식이 올바르지 않습니다. 괄호, 따옴표, 쉼표를 확인해 주세요.")));
        }
        if (root == null || !root.isObject()) {
            return new Parsed(null, List.of(new ApiError(null, "요청 본문은 JSON 객체({ ... })여야 합니다.")));
        }
        List<ApiError> errors = new ArrayList<>();
        // names that can only be an attempt at a query operator or a dotted path are refused, not ignored
        for (String name : root.propertyNames()) {
            if (name.isEmpty() || name.startsWith("$") || name.indexOf('.') >= 0 || name.indexOf('\0') >= 0) {
                return new Parsed(null, List.of(new ApiError(null,
                        "허용되지 않는 항목 이름이 있습니다. '$'나 '.'이 들어간 이름은 쓸 수 없습니다.")));
            }
        }
        String[] values = new String[TEXT_FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            String name = TEXT_FIELDS.get(i);
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (node.isString()) {
                values[i] = node.stringValue();
            } else {
                errors.add(new ApiError(name, "'" + name + "' 값은 문자열이어야 합니다."));
            }
        }
        Boolean consent = null;
        JsonNode c = root.get("consent");
        if (c != null && !c.isNull()) {
            if (c.isBoolean()) {
                consent = c.booleanValue();
            } else {
                errors.add(new ApiError("consent", "'consent' 값은 true 이어야 합니다 (문자열이 아닌 JSON 불리언)."));
            }
        }
        ProposalSubmission s = new ProposalSubmission(values[0], values[1], values[2], values[3], values[4],
                values[5], values[6], values[7], consent, values[8]);
        return new Parsed(s, errors);
    }
}
