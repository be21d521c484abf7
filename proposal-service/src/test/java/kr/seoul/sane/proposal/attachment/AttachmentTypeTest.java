package kr.seoul.sane.proposal.attachment;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

public class AttachmentTypeTest {

    public static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** An OLE compound file header, a directory entry named FileHeader and the HWP signature, as HWP 5 has them. */
    public static byte[] hwp() {
        byte[] data = new byte[2048];
        byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(ole, 0, data, 0, ole.length);
        byte[] name = "FileHeader".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(name, 0, data, 512, name.length);
        byte[] signature = "HWP Document File".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(signature, 0, data, 1024, signature.length);
        return data;
    }

    public static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                ZipEntry e = new ZipEntry(namesAndContents[i]);
                if (namesAndContents[i].equals("mimetype")) {
                    // HWPX and ODF keep the mimetype entry first and stored
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    public static byte[] docx() throws IOException {
        return zip("[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>");
    }

    @Test
    void acceptedTypesAreRecognisedByContent() throws IOException {
        assertThat(AttachmentType.detect(pdf())).isEqualTo(AttachmentType.PDF);
        assertThat(AttachmentType.detect(hwp())).isEqualTo(AttachmentType.HWP);
        assertThat(AttachmentType.detect(zip("mimetype", "application/hwp+zip", "Contents/section0.xml", "<x/>")))
                .isEqualTo(AttachmentType.HWPX);
        // a deflated mimetype entry is read too (at most 64 bytes are inflated)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("mimetype"));
            zip.write("application/hwp+zip".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        assertThat(AttachmentType.detect(out.toByteArray())).isEqualTo(AttachmentType.HWPX);
        assertThat(AttachmentType.detect(docx())).isEqualTo(AttachmentType.DOCX);
    }

    @Test
    void otherContentIsRefusedWhateverItsName() throws IOException {
        assertThat(AttachmentType.detect("MZ\u0090\u0000 this is an executable".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        assertThat(AttachmentType.detect("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(AttachmentType.detect(zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0"))).as("a jar").isNull();
        assertThat(AttachmentType.detect(zip("mimetype", "application/epub+zip"))).as("an epub").isNull();
        assertThat(AttachmentType.detect(zip("word/document.xml", "<w/>"))).as("no content types").isNull();
        byte[] ole = hwp();
        ole[1024] = 'X';
        assertThat(AttachmentType.detect(ole)).as("an OLE file that is not HWP (e.g. .doc)").isNull();
        byte[] truncated = java.util.Arrays.copyOf(docx(), 40);
        assertThat(AttachmentType.detect(truncated)).isNull();
        assertThat(AttachmentType.detect(new byte[0])).isNull();
    }

    @Test
    void namesAreMadeSafeAndCarryTheRealExtension() {
        assertThat(AttachmentCheck.safeName("C:\\Users\\kim\\제안서.pdf", AttachmentType.PDF)).isEqualTo("제안서.pdf");
        assertThat(AttachmentCheck.safeName("../../etc/passwd", AttachmentType.PDF)).isEqualTo("passwd.pdf");
        assertThat(AttachmentCheck.safeName("보고서.exe", AttachmentType.DOCX)).isEqualTo("보고서.exe.docx");
        assertThat(AttachmentCheck.safeName("a\"b<c>\r\nd;.HWP", AttachmentType.HWP)).isEqualTo("abcd.hwp");
        assertThat(AttachmentCheck.safeName("...", AttachmentType.HWPX)).isEqualTo("첨부파일.hwpx");
        assertThat(AttachmentCheck.safeName("가".repeat(300) + ".pdf", AttachmentType.PDF)).hasSize(120);
        assertThat(AttachmentController.contentDisposition("협력 제안서.pdf"))
                .isEqualTo("attachment; filename=\"__ ___.pdf\"; filename*=UTF-8''%ED%98%91%EB%A0%A5%20%EC%A0%9C%EC%95%88%EC%84%9C.pdf");
    }

    @Test
    void sizeAndEmptinessAreChecked() {
        assertThat(AttachmentCheck.check("a.pdf", new byte[0]).status()).isEqualTo(400);
        byte[] big = new byte[(int) AttachmentCheck.MAX_BYTES + 1];
        System.arraycopy(pdf(), 0, big, 0, pdf().length);
        AttachmentCheck.Outcome tooLarge = AttachmentCheck.check("a.pdf", big);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.message()).contains("10MB");
        assertThat(AttachmentCheck.check("a.pdf", pdf()).upload().type()).isEqualTo(AttachmentType.PDF);
    }
}
