package kr.seoul.sane.infra;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What every supervised child shares with the launcher.
 *
 * @param workDir      the children's working directory (the checkout)
 * @param platformHome where {@code logs/<name>.log} and {@code run/<name>.pid} (and {@code .hold}) live
 * @param stopping     true once the platform stops: nothing is restarted from then on
 * @param out          the launcher's output lines
 * @param clock        start times, uptimes and the log's start lines
 */
record Supervision(Path workDir, Path platformHome, BooleanSupplier stopping, Consumer<String> out, Clock clock) {
}
