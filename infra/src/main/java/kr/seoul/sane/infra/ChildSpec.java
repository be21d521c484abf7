package kr.seoul.sane.infra;

import java.util.List;
import java.util.Map;

/**
 * What a child process is: its name (log, pid file, output), its command line and what it gets in its environment
 * beyond the launcher's own.
 */
record ChildSpec(String name, List<String> command, Map<String, String> environment) {

    ChildSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    ChildSpec(String name, List<String> command) {
        this(name, command, Map.of());
    }
}
