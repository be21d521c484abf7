package kr.seoul.sane.notification;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the test SMTP server: {@link #down()} closes its port (connections are refused, as
 * when the mail server is stopped), {@link #up()} opens it again on the same port. {@link #refuse(String)} makes
 * it answer {@code 550} to {@code RCPT TO} for one address, as a mail server does for a mailbox that does not
 * exist, until {@link #accept(String)}.
 */
final class SmtpOutage implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    SmtpOutage(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    int port() {
        return port;
    }

    synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "smtp-relay-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("relay port " + port + " unavailable", e);
        }
    }

    synchronized void down() {
        ServerSocket socket = server;
        server = null;
        closeQuietly(socket);
        open.forEach(SmtpOutage::closeQuietly);
        open.clear();
    }

    void refuse(String address) {
        refused.add(address.toLowerCase(Locale.ROOT));
    }

    void accept(String address) {
        refused.remove(address.toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        down();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                commands(client, target);
                pipe(target, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Client to server, line by line: a RCPT TO for a refused address is answered here with 550. */
    private void commands(Socket client, Socket server) {
        Thread thread = new Thread(() -> {
            try (InputStream in = new BufferedInputStream(client.getInputStream());
                 OutputStream out = server.getOutputStream()) {
                OutputStream back = client.getOutputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b == '\n') {
                        String command = line.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                        if (command.startsWith("rcpt to:") && refused.stream().anyMatch(command::contains)) {
                            back.write("550 5.1.1 mailbox unavailable\r\n".getBytes(StandardCharsets.US_ASCII));
                            back.flush();
                        } else {
                            out.write(line.toByteArray());
                            out.flush();
                        }
                        line.reset();
                    }
                }
                out.write(line.toByteArray());
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(client);
                closeQuietly(server);
                open.remove(client);
                open.remove(server);
            }
        }, "smtp-relay-commands");
        thread.setDaemon(true);
        thread.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "smtp-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
