package kr.seoul.sane.routing.decision;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the MongoDB commands the test's own thread issues (the sync driver runs a command on the calling thread,
 * so scheduled jobs of the application are not counted). Registered through a
 * {@link MongoClientSettingsBuilderCustomizer}.
 */
final class MongoCommandCounter implements CommandListener {

    private volatile Thread counted;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    MongoClientSettingsBuilderCustomizer customizer() {
        return settings -> settings.addCommandListener(this);
    }

    /** Starts counting the current thread's commands (forgetting earlier ones). */
    void start() {
        commands.clear();
        counted = Thread.currentThread();
    }

    /** Stops counting; returns the command names seen since {@link #start}. */
    List<String> stop() {
        counted = null;
        return List.copyOf(commands);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (Thread.currentThread() == counted) {
            commands.add(event.getCommandName());
        }
    }
}
