package kr.seoul.sane.infra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Names the process that listens on a local TCP port, from Linux {@code /proc/net/tcp{,6}} and the processes' open
 * file descriptors (as {@code ss -ltnp} does). Elsewhere, or without permission to read other processes, it says
 * that it does not know.
 */
public final class PortOwner {

    private PortOwner() {
    }

    /** "port 8080 (pid 1234: java ... -jar gateway-exec.jar)" or "port 8080 (process unknown)". */
    public static String describe(int port) {
        return "port " + port + owner(port).map(o -> " (" + o + ")").orElse(" (process unknown; try: ss -ltnp)");
    }

    /** "pid N: command line" of the process listening on the port, when it can be found. */
    public static Optional<String> owner(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p))) {
            for (Path proc : procs) {
                if (ownsOneOf(proc, inodes)) {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    String command = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("?");
                    if (command.length() > 160) {
                        command = command.substring(0, 157) + "...";
                    }
                    return Optional.of("pid " + pid + ": " + command);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean ownsOneOf(Path proc, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // fd closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Socket inodes in state LISTEN (0A) on the given local port, IPv4 and IPv6. */
    static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(":" + hexPort) && "0A".equals(f[3])) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
        }
        return inodes;
    }

    private static boolean isNumber(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
