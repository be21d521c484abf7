package kr.seoul.sane.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One process of a module: the first instance keeps the module's name and port; with {@code --replicas N} the
 * scalable services get instances {@code <module>-2 … -N} on the module's port + 100, + 200, … They join the
 * same consumer group, so Kafka shares the topics' partitions between them; deliveries are claimed one by one
 * in the store, so two notification instances never send the same mail. The gateway spreads the requests for
 * proposal- and catalog-service over their instances and calls routing- and notification-service at their first
 * instance.
 */
record Instance(String name, String module, int port) {

    /** The processes to start, in start order: each service (and its replicas), then the gateway. */
    static Map<String, Instance> plan(int replicas) {
        Map<String, Instance> instances = new LinkedHashMap<>();
        for (String module : Topology.SERVICES) {
            int port = Topology.SERVICE_PORTS.get(module);
            instances.put(module, new Instance(module, module, port));
            for (int i = 2; Topology.SCALABLE.contains(module) && i <= replicas; i++) {
                String name = module + "-" + i;
                instances.put(name, new Instance(name, module, port + 100 * (i - 1)));
            }
        }
        instances.put("gateway", new Instance("gateway", "gateway", Topology.GATEWAY_PORT));
        return instances;
    }

    /** The module's first instance, under the module's own name. */
    boolean first() {
        return name.equals(module);
    }

    /**
     * Every instance but the first maps the class-data archive without writing it (only one JVM may), and
     * runs without one until the first instance has written it; its process is marked with its own name.
     */
    List<String> command(List<String> moduleCommand) {
        if (first()) {
            return moduleCommand;
        }
        String archive = "-XX:SharedArchiveFile=";
        return moduleCommand.stream().filter(arg -> !arg.equals("-XX:+AutoCreateSharedArchive"))
                .filter(arg -> !arg.startsWith(archive) || Files.exists(Path.of(arg.substring(archive.length()))))
                .map(arg -> arg.equals("-Dplatform.child=" + module) ? "-Dplatform.child=" + name : arg)
                .toList();
    }
}
