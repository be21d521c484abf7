package kr.seoul.sane.proposal.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import kr.seoul.sane.proposal.api.ApiError;
import kr.seoul.sane.proposal.api.ApiErrors;
import kr.seoul.sane.proposal.api.ErrorAnswers;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * {@code /api/ops/accounts}: the operator accounts as JSON, role ADMIN ({@code platform.ops.admin-paths}); the same
 * as the page {@code /ops/accounts}.
 */
@RestController
@Tag(name = "운영자 계정")
class AccountsApiController {

    private final OperatorAccounts accounts;

    AccountsApiController(OperatorAccounts accounts) {
        this.accounts = accounts;
    }

    @Schema(name = "OperatorAccountRequest", description = "새 운영자 계정")
    record CreateRequest(
            @Schema(description = "아이디: 영문 소문자·숫자로 시작, 영문 소문자·숫자·. _ -", requiredMode = REQUIRED,
                    pattern = "^[a-z0-9][a-z0-9._-]{2,31}$", example = "kim.minji") String username,
            @Schema(description = "이름", requiredMode = REQUIRED, minLength = 1, maxLength = 50, example = "김민지")
            String displayName,
            @Schema(description = "역할 (ADMIN은 OPERATOR 권한을 포함)", requiredMode = REQUIRED,
                    allowableValues = {"OPERATOR", "ADMIN"}) String role,
            @Schema(description = "초기 비밀번호: 12자 이상, UTF-8로 72바이트 이하 (bcrypt로만 저장)", requiredMode = REQUIRED,
                    minLength = NewAccount.MIN_PASSWORD, maxLength = NewAccount.MAX_PASSWORD_BYTES, format = "password")
            String password) {
    }

    @Schema(name = "OperatorAccount", description = "운영자 계정 (비밀번호와 해시는 내보내지 않음)")
    record AccountView(
            @Schema(requiredMode = REQUIRED) String username,
            @Schema(nullable = true) String displayName,
            @Schema(nullable = true, allowableValues = {"OPERATOR", "ADMIN"}) String role,
            @Schema(requiredMode = REQUIRED) boolean enabled,
            @Schema(description = "CONSOLE = 콘솔에서 만든 계정, ENVIRONMENT = 환경 설정의 계정 (바꿀 수 없음)",
                    requiredMode = REQUIRED, allowableValues = {"CONSOLE", "ENVIRONMENT"}) String source,
            @Schema(nullable = true) Long version,
            @Schema(nullable = true) Instant createdAt,
            @Schema(nullable = true) String createdBy,
            @Schema(nullable = true) Instant changedAt,
            @Schema(nullable = true) String changedBy) {

        static AccountView of(OperatorAccounts.Listed row) {
            OperatorAccountDocument a = row.document();
            return a == null ? new AccountView(row.username(), null, "ADMIN", true, "ENVIRONMENT", null, null, null,
                    null, null) : of(a);
        }

        static AccountView of(OperatorAccountDocument a) {
            return new AccountView(a.username(), a.displayName(), a.role(), a.enabled(), "CONSOLE", a.version(),
                    a.createdAt(), a.createdBy(), a.changedAt(), a.changedBy());
        }
    }

    @Schema(name = "OperatorAccountList")
    record AccountList(@ArraySchema(schema = @Schema(implementation = AccountView.class)) List<AccountView> items) {
    }

    @Operation(summary = "운영자 계정 목록 (관리자)", description = "환경 설정의 계정과 콘솔에서 만든 계정. 관리자(ADMIN) 권한이 필요합니다.",
            security = @SecurityRequirement(name = "operator"))
    @ApiResponse(responseCode = "200", description = "계정 목록",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AccountList.class)))
    @ErrorAnswers({401, 403})
    @GetMapping(path = "/api/ops/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountList list() {
        return new AccountList(accounts.list().stream().map(AccountView::of).toList());
    }

    @Operation(summary = "운영자 계정 만들기 (관리자)", description = "비밀번호는 bcrypt 해시로만 저장하고 ops.account-changed로 "
            + "모든 서비스에 알립니다. 관리자(ADMIN) 권한이 필요합니다. 400: 입력 오류, 409: 이미 있는 아이디 또는 환경 설정의 아이디.",
            security = @SecurityRequirement(name = "operator"))
    @ApiResponse(responseCode = "201", description = "만든 계정",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AccountView.class)))
    @ErrorAnswers({400, 401, 403, 409})
    @PostMapping(path = "/api/ops/accounts", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> create(@RequestBody CreateRequest request, Principal admin) {
        OperatorAccountDocument created = accounts.create(new NewAccount(request.username(), request.displayName(),
                request.role(), request.password()), admin.getName());
        return ResponseEntity.status(201).body(AccountView.of(created));
    }

    @Operation(summary = "운영자 계정 비활성화·다시 활성화 (관리자)", description = "disable: 로그인과 HTTP Basic이 막히고 이미 "
            + "로그인한 세션도 몇 초 안에 모든 서비스에서 끝납니다. enable: 다시 로그인할 수 있습니다 (비활성화 전의 세션은 "
            + "살아나지 않습니다). 환경 설정의 계정과 자신의 계정은 비활성화할 수 없습니다 (409).",
            security = @SecurityRequirement(name = "operator"))
    @ApiResponse(responseCode = "200", description = "바뀐 계정",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AccountView.class)))
    @ErrorAnswers({401, 403, 404, 409})
    @PostMapping(path = "/api/ops/accounts/{username}/{action:disable|enable}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    AccountView change(@Parameter(description = "아이디") @PathVariable String username,
                       @Parameter(description = "disable 또는 enable",
                               schema = @Schema(allowableValues = {"disable", "enable"})) @PathVariable String action,
                       Principal admin) {
        return AccountView.of(accounts.setEnabled(username, action.equals("enable"), admin.getName()));
    }

    @ExceptionHandler(AccountProblem.class)
    ResponseEntity<ApiErrors> refused(AccountProblem problem) {
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiErrors(problem.errors().entrySet().stream()
                        .map(e -> new ApiError(e.getKey().isEmpty() ? null : e.getKey(), e.getValue())).toList()));
    }
}
