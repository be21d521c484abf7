package kr.seoul.sane.infra;

/**
 * One run of {@code bin/platform up}, as its start-up phases and the readiness check share it.
 *
 * @param installation   the checkout, the platform home, the JDK and the environment
 * @param infrastructure what is embedded and where the services find it
 * @param children       the supervised child processes
 * @param console        the launcher's output
 * @param stopwatch      time since the start began
 */
record Run(Installation installation, Infrastructure infrastructure, Children children, Console console,
           Stopwatch stopwatch) {

    void say(String line) {
        console.say(line);
    }
}
