package kr.seoul.sane.proposal.attachment;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /attachments/{id}?token=}: the file behind a signed link, always as a download
 * ({@code Content-Disposition: attachment} with an ASCII fallback name and the RFC 5987 {@code filename*}),
 * {@code X-Content-Type-Options: nosniff}, never cached. A bad, expired or foreign token gets the same Korean 403
 * page as an unknown id.
 */
@Controller
class AttachmentController {

    private final AttachmentStore store;

    AttachmentController(AttachmentStore store) {
        this.store = store;
    }

    @GetMapping("/attachments/{id}")
    Object download(@PathVariable String id, @RequestParam(required = false) String token, Model model,
                    HttpServletResponse response) {
        Attachment a = store.allowed(id, token) ? store.find(id) : null;
        if (a == null || a.getData() == null) {
            response.setStatus(403);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("status", 403);
            model.addAttribute("message", "첨부파일 링크가 올바르지 않거나 만료되었습니다. 담당자에게 새 링크를 요청해 주세요.");
            return "error";
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(a.getContentType()))
                .contentLength(a.getData().length)
                .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(a.getFilename()))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .body(a.getData());
    }

    /** {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266 / RFC 5987). */
    static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
