package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads Linux {@code /proc/<pid>/status}. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** VmRSS of a process in KiB, or 0 when it is gone or the value is not available (non-Linux). */
    static long vmRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String digits = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(digits);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
