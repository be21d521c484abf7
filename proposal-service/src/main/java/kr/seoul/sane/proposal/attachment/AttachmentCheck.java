package kr.seoul.sane.proposal.attachment;

import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Checks one optional upload: at most {@link #MAX_BYTES}, PDF, HWP, HWPX or DOCX by content, and gives it a safe
 * name (no path, no control or reserved characters, at most 120 characters, the extension of the real type).
 */
public final class AttachmentCheck {

    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final String TOO_LARGE = "첨부파일이 너무 큽니다. 10MB 이하의 파일만 올릴 수 있습니다.";
    public static final String WRONG_TYPE = "첨부파일은 PDF, HWP, HWPX, DOCX 형식만 올릴 수 있습니다. "
            + "파일 이름이 아니라 내용으로 형식을 확인하므로, 이 형식으로 저장한 파일을 골라 주세요.";
    public static final String EMPTY = "첨부파일이 비어 있습니다. 다른 파일을 골라 주세요.";
    private static final int MAX_NAME = 120;

    private AttachmentCheck() {
    }

    /** Either an upload, no upload (both null), or a refusal with its HTTP status (413 or 400). */
    public record Outcome(AttachmentUpload upload, int status, String message) {

        public boolean refused() {
            return message != null;
        }
    }

    public static Outcome check(MultipartFile file) throws IOException {
        if (file == null || (file.isEmpty() && (file.getOriginalFilename() == null
                || file.getOriginalFilename().isBlank()))) {
            return new Outcome(null, 0, null);
        }
        if (file.getSize() > MAX_BYTES) {
            return new Outcome(null, 413, TOO_LARGE);
        }
        if (file.isEmpty()) {
            return new Outcome(null, 400, EMPTY);
        }
        byte[] data;
        try (InputStream in = file.getInputStream()) {
            data = in.readNBytes((int) MAX_BYTES + 1);
        }
        return check(file.getOriginalFilename(), data);
    }

    public static Outcome check(String originalName, byte[] data) {
        if (data.length > MAX_BYTES) {
            return new Outcome(null, 413, TOO_LARGE);
        }
        if (data.length == 0) {
            return new Outcome(null, 400, EMPTY);
        }
        AttachmentType type = AttachmentType.detect(data);
        if (type == null) {
            return new Outcome(null, 400, WRONG_TYPE);
        }
        return new Outcome(new AttachmentUpload(safeName(originalName, type), type, data), 0, null);
    }

    /** The last path segment, NFC, without control and reserved characters, ending in the type's extension. */
    public static String safeName(String original, AttachmentType type) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[\\p{Cc}\\p{Cf}\"<>:|?*;%]", "")
                .replaceAll("\\s+", " ")
                .strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        String ext = "." + type.extension();
        String base = name.toLowerCase(Locale.ROOT).endsWith(ext) ? name.substring(0, name.length() - ext.length()) : name;
        base = base.strip();
        if (base.isEmpty()) {
            base = "첨부파일";
        }
        if (base.codePointCount(0, base.length()) > MAX_NAME - ext.length()) {
            base = base.substring(0, base.offsetByCodePoints(0, MAX_NAME - ext.length())).strip();
        }
        return base + ext;
    }
}
