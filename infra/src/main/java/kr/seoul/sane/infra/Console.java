package kr.seoul.sane.infra;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The launcher's standard output: its {@code platform: …} lines and the READY line (UTF-8, flushed per line). */
final class Console {

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    void say(String line) {
        out.println("platform: " + line);
    }

    /** The line that tells a user or a script that the platform is up: {@code READY <url>}. */
    void ready(String url) {
        out.println("READY " + url);
    }
}
