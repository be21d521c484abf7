package kr.seoul.sane.proposal.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kr.seoul.sane.proposal.api.ApiErrors;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/** Errors nobody handled: the platform's JSON error body under /api, a Korean page elsewhere. */
@Controller
class SiteErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiErrors> json(HttpServletRequest request) {
        HttpStatus status = status(request);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.of(null, message(status)));
    }

    @RequestMapping("/error")
    Object page(HttpServletRequest request, HttpServletResponse response, Model model) {
        HttpStatus status = status(request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null && uri.toString().startsWith("/api/")) {
            return json(request);
        }
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("message", message(status));
        return "error";
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String message(HttpStatus status) {
        return switch (status.value()) {
            case 400 -> "요청이 올바르지 않습니다. 입력값을 확인해 주세요.";
            case 401 -> "로그인이 필요합니다.";
            case 403 -> "이 요청은 허용되지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.";
            case 404 -> "찾는 페이지가 없습니다. 주소를 확인해 주세요.";
            case 405 -> "이 주소에서는 이 방식의 요청을 쓸 수 없습니다.";
            case 413 -> "요청이 너무 큽니다.";
            case 415 -> "지원하지 않는 요청 형식입니다.";
            case 429 -> "요청이 너무 잦습니다. 잠시 후 다시 시도해 주세요.";
            default -> status.is4xxClientError()
                    ? "요청을 처리할 수 없습니다. 입력값을 확인해 주세요."
                    : "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.";
        };
    }
}
