package kr.seoul.sane.proposal.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.api.ApiSchemas;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.attachment.AttachmentCheck;
import kr.seoul.sane.proposal.attachment.AttachmentUpload;
import kr.seoul.sane.proposal.model.Channel;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /api/proposals}: the JSON door of 협력신청. */
@RestController
@Tag(name = "협력신청")
class ProposalApiController {

    private final JsonSubmissionReader reader;
    private final SubmissionValidator validator;
    private final IntakeService intake;

    ProposalApiController(JsonSubmissionReader reader, SubmissionValidator validator, IntakeService intake) {
        this.reader = reader;
        this.validator = validator;
        this.intake = intake;
    }

    @Operation(summary = "협력제안 접수", description = "공개 양식과 같은 규칙으로 검사하고 저장합니다. 24시간 안에 같은 이메일로 "
            + "거의 같은 제안을 다시 보내면 처음 제안의 결과(200, duplicate: true)를 돌려주고 아무것도 저장하지 않습니다. "
            + "첨부파일이 있으면 multipart/form-data로 보내 주세요.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ApiSchemas.ProposalRequest.class)),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = ApiSchemas.ProposalMultipart.class),
                            encoding = @io.swagger.v3.oas.annotations.media.Encoding(name = "proposal",
                                    contentType = MediaType.APPLICATION_JSON_VALUE))}))
    @ApiResponse(responseCode = "201", description = "접수됨",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ProposalAccepted.class)))
    @ApiResponse(responseCode = "200", description = "이미 접수된 같은 제안 (duplicate: true)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ProposalAccepted.class)))
    @ErrorAnswers({400, 413, 415, 429})
    @PostMapping(path = "/api/proposals", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(@Parameter(hidden = true) InputStream in) throws IOException {
        // read at most one byte more than allowed, so an endless body cannot fill the memory
        return submit(in.readNBytes(JsonSubmissionReader.MAX_BODY + 1), null);
    }

    /**
     * The same door as multipart/form-data: the JSON submission in the part {@code proposal} (a field or a file
     * part), the optional file in the part {@code attachment}.
     */
    @PostMapping(path = "/api/proposals", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true) // documented with the JSON variant: one operation, two request content types
    ResponseEntity<?> submitMultipart(MultipartHttpServletRequest request) throws IOException {
        byte[] json;
        MultipartFile part = request.getFile("proposal");
        if (part != null) {
            try (InputStream in = part.getInputStream()) {
                json = in.readNBytes(JsonSubmissionReader.MAX_BODY + 1);
            }
        } else {
            String field = request.getParameter("proposal");
            if (field == null) {
                return ResponseEntity.badRequest().body(ApiErrors.of("proposal",
                        "제안 내용(JSON)을 proposal 부분에 담아 보내 주세요."));
            }
            json = field.getBytes(StandardCharsets.UTF_8);
        }
        AttachmentCheck.Outcome file = AttachmentCheck.check(request.getFile("attachment"));
        if (file.refused()) {
            return ResponseEntity.status(file.status()).body(ApiErrors.of("attachment", file.message()));
        }
        return submit(json, file.upload());
    }

    private ResponseEntity<?> submit(byte[] body, AttachmentUpload upload) {
        if (body.length > JsonSubmissionReader.MAX_BODY) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiErrors.of(null,
                    "요청이 너무 큽니다. 제안내용은 10,000자 이하로 보내 주세요."));
        }
        JsonSubmissionReader.Parsed parsed = reader.read(body);
        if (parsed.submission() == null) {
            return ResponseEntity.badRequest().body(new ApiErrors(parsed.errors()));
        }
        SubmissionValidator.Outcome outcome = validator.validate(parsed.submission());
        if (!parsed.errors().isEmpty() || !outcome.valid()) {
            List<ApiError> errors = new ArrayList<>(parsed.errors());
            // a field with the wrong type is reported once, not also as "missing"
            outcome.errors().stream()
                    .filter(e -> parsed.errors().stream().noneMatch(p -> p.field() != null && p.field().equals(e.field())))
                    .forEach(errors::add);
            return ResponseEntity.badRequest().body(new ApiErrors(errors));
        }
        Receipt r = intake.submit(outcome.proposal(), Channel.API, List.of(), upload);
        Map<String, Object> body201 = new LinkedHashMap<>();
        body201.put("id", r.id());
        body201.put("trackingCode", r.trackingCode());
        body201.put("status", r.status().name());
        if (r.duplicate()) {
            body201.put("duplicate", true);
            return ResponseEntity.ok(body201);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(body201);
    }
}
