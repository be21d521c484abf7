package kr.seoul.sane.proposal.attachment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The file types an applicant may attach, recognised by their content, never by their name:
 * <ul>
 *   <li>PDF: starts with {@code %PDF-};</li>
 *   <li>HWP 5: an OLE compound file ({@code D0 CF 11 E0 A1 B1 1A E1}) holding the {@code FileHeader} stream whose
 *       signature is {@code HWP Document File};</li>
 *   <li>HWPX: a ZIP whose {@code mimetype} entry reads {@code application/hwp+zip};</li>
 *   <li>DOCX: a ZIP with {@code [Content_Types].xml} and {@code word/document.xml}.</li>
 * </ul>
 * ZIP files are read through their central directory only; at most 64 bytes of one entry are ever inflated.
 */
public enum AttachmentType {

    PDF("application/pdf", "pdf"),
    HWP("application/x-hwp", "hwp"),
    HWPX("application/hwp+zip", "hwpx"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLE_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1,
            0x1A, (byte) 0xE1};
    private static final byte[] HWP_SIGNATURE = "HWP Document File".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_HEADER_NAME = "FileHeader".getBytes(StandardCharsets.UTF_16LE);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int MAX_ZIP_ENTRIES = 10_000;

    private final String contentType;
    private final String extension;

    AttachmentType(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The type of {@code data}, or null when it is none of the accepted ones. */
    public static AttachmentType detect(byte[] data) {
        if (data == null || data.length < 8) {
            return null;
        }
        if (startsWith(data, PDF_MAGIC)) {
            return PDF;
        }
        if (startsWith(data, OLE_MAGIC)) {
            return indexOf(data, FILE_HEADER_NAME) >= 0 && indexOf(data, HWP_SIGNATURE) >= 0 ? HWP : null;
        }
        if (startsWith(data, ZIP_MAGIC)) {
            try {
                return zip(data);
            } catch (RuntimeException | DataFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static AttachmentType zip(byte[] data) throws DataFormatException {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        // end of central directory: 22 bytes plus a comment of at most 65,535
        int eocd = -1;
        for (int i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            return null;
        }
        int entries = Short.toUnsignedInt(b.getShort(eocd + 10));
        long cdOffset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        if (entries > MAX_ZIP_ENTRIES || cdOffset >= data.length) {
            return null;
        }
        Map<String, int[]> found = new HashMap<>();
        int pos = (int) cdOffset;
        for (int n = 0; n < entries; n++) {
            if (pos + 46 > data.length || b.getInt(pos) != 0x02014b50) {
                return null;
            }
            int method = Short.toUnsignedInt(b.getShort(pos + 10));
            int compressed = b.getInt(pos + 20);
            int nameLength = Short.toUnsignedInt(b.getShort(pos + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(pos + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(pos + 32));
            int localOffset = b.getInt(pos + 42);
            if (pos + 46 + nameLength > data.length) {
                return null;
            }
            String name = new String(data, pos + 46, nameLength, StandardCharsets.UTF_8);
            if (name.equals("mimetype") || name.equals("word/document.xml") || name.equals("[Content_Types].xml")) {
                found.put(name, new int[]{method, compressed, localOffset});
            }
            pos += 46 + nameLength + extraLength + commentLength;
        }
        int[] mimetype = found.get("mimetype");
        if (mimetype != null && "application/hwp+zip".equals(entryStart(data, b, mimetype))) {
            return HWPX;
        }
        if (found.containsKey("word/document.xml") && found.containsKey("[Content_Types].xml")) {
            return DOCX;
        }
        return null;
    }

    /** The first bytes (at most 64) of a stored or deflated entry, as trimmed ASCII. */
    private static String entryStart(byte[] data, ByteBuffer b, int[] entry) throws DataFormatException {
        int local = entry[2];
        if (local < 0 || local + 30 > data.length || b.getInt(local) != 0x04034b50) {
            return null;
        }
        int start = local + 30 + Short.toUnsignedInt(b.getShort(local + 26)) + Short.toUnsignedInt(b.getShort(local + 28));
        int length = (int) Math.min(Integer.toUnsignedLong(entry[1]), data.length - (long) start);
        if (start > data.length || length < 0) {
            return null;
        }
        byte[] out;
        if (entry[0] == 0) {
            out = Arrays.copyOfRange(data, start, start + Math.min(length, 64));
        } else if (entry[0] == 8) {
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(data, start, length);
                byte[] buffer = new byte[64];
                int n = inflater.inflate(buffer);
                out = Arrays.copyOf(buffer, n);
            } finally {
                inflater.end();
            }
        } else {
            return null;
        }
        return new String(out, StandardCharsets.US_ASCII).strip();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
