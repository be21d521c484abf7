package kr.seoul.sane.infra;

/**
 * The command line of {@code bin/platform up [--with-prometheus] [--replicas N]}.
 *
 * @param withPrometheus also run a local Prometheus
 * @param replicas       instances of each scalable service (1 … {@link Topology#MAX_REPLICAS})
 */
record LaunchOptions(boolean withPrometheus, int replicas) {

    static final String USAGE = "usage: bin/platform up [--with-prometheus] [--replicas N]  (N = 1.."
            + Topology.MAX_REPLICAS + ")";

    /**
     * Reads the arguments (the command first, {@code up} when there is none); an unknown or invalid option, or
     * another command, is an {@link IllegalArgumentException} whose message is the line to print before exit 2.
     */
    static LaunchOptions parse(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        boolean withPrometheus = false;
        int replicas = 1;
        for (int i = 1; i < args.length; i++) {
            if ("--with-prometheus".equals(args[i])) {
                withPrometheus = true;
            } else if ("--replicas".equals(args[i]) && i + 1 < args.length && args[i + 1].matches("[1-9]")
                    && Integer.parseInt(args[i + 1]) <= Topology.MAX_REPLICAS) {
                replicas = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or invalid option " + args[i] + "; " + USAGE);
            }
        }
        if (!"up".equals(command)) {
            throw new IllegalArgumentException(USAGE);
        }
        return new LaunchOptions(withPrometheus, replicas);
    }
}
