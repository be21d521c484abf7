package kr.seoul.sane.notification.directory;

/** A department (부서) of the directory that can receive proposals. */
public record Department(String code, String name, String office, String email) {
}
