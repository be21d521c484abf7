package kr.seoul.sane.notification.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The payload of {@code department.directory-changed} as far as the mails need it (tolerant reader): the version and
 * the department's name, office, address, status and successor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectoryChange(String change, int version, Entry department) {

    /** The department as of this version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String code, String name, String office, String email, String status, String successorCode) {

        boolean retired() {
            return "RETIRED".equals(status);
        }
    }
}
