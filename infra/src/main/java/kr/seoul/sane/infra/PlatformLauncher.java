package kr.seoul.sane.infra;

/** Starts the local platform: Kafka broker, MongoDB-compatible store, SMTP sink and the services. */
public final class PlatformLauncher {

    private PlatformLauncher() {
    }

    public static void main(String[] args) {
        System.out.println("platform launcher: not yet implemented");
    }
}
