package kr.seoul.sane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PortOwnerTest {

    @Test
    void namesTheProcessThatListens() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux only");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String described = PortOwner.describe(socket.getLocalPort());
            assertThat(described).startsWith("port " + socket.getLocalPort() + " (pid " + ProcessHandle.current().pid()
                    + ": ").contains("java");
        }
    }

    @Test
    void saysSoWhenNobodyListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(PortOwner.owner(port)).isEmpty();
        assertThat(PortOwner.describe(port)).contains("process unknown");
    }
}
