package dev.headcount.report.dashboard;

import dev.headcount.events.HeadcountEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every event this replica reads on its dashboard channel, fanned out to every open event stream. Hot: a
 * subscriber sees what is published after it subscribed, nothing earlier (the streams start from a snapshot).
 */
@ApplicationScoped
public class LiveEvents {
    private final BroadcastProcessor<HeadcountEvent> processor = BroadcastProcessor.create();

    /** Called by one thread at a time (the dashboard channel delivers records in order). */
    public void publish(HeadcountEvent event) {
        processor.onNext(event);
    }

    public Multi<HeadcountEvent> events() {
        return processor;
    }
}
