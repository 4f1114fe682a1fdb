package dev.headcount.report.dashboard;

import dev.headcount.events.HeadcountEvent;
import dev.headcount.report.ReportConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Opens event streams: a snapshot first, then the messages of the live events, with keep-alive comments in
 * between. The live events are subscribed to before the snapshot is read, and those arriving meanwhile wait
 * until it is sent, so nothing falls between the snapshot and the live part (a result seen in both is counted
 * once: see {@link ExperimentFeed}).
 */
@ApplicationScoped
public class DashboardStreams {
    @Inject
    LiveEvents live;
    @Inject
    ReportConfig config;

    /**
     * @param wanted which live events the stream is about
     * @param open   reads the snapshot (blocking: it runs on a worker thread)
     */
    public Multi<StreamMessage> open(Predicate<HeadcountEvent> wanted, Callable<Feed> open) {
        Multi<StreamMessage> messages = Multi.createFrom().<StreamMessage>emitter(emitter -> {
            Gate gate = new Gate(emitter);
            Cancellable subscription = live.events().filter(wanted).subscribe().with(gate::onEvent, emitter::fail);
            emitter.onTermination(subscription::cancel);
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    gate.open(open.call());
                } catch (Exception | Error e) {
                    emitter.fail(e);
                }
            });
        }, config.dashboard().streamBuffer());
        Multi<StreamMessage> keepAlive = Multi.createFrom().ticks().every(config.dashboard().keepAlive())
                .map(tick -> StreamMessage.KEEP_ALIVE);
        return Multi.createBy().merging().streams(messages, keepAlive);
    }

    /** Holds live events back until the snapshot is out, then passes them through the feed. */
    static final class Gate {
        private final MultiEmitter<? super StreamMessage> emitter;
        private final List<HeadcountEvent> waiting = new ArrayList<>();
        private Feed feed;

        Gate(MultiEmitter<? super StreamMessage> emitter) {
            this.emitter = emitter;
        }

        synchronized void onEvent(HeadcountEvent event) {
            if (feed == null) {
                waiting.add(event);
            } else {
                emitAll(feed.on(event));
            }
        }

        synchronized void open(Feed opened) {
            feed = opened;
            emitter.emit(opened.snapshot());
            waiting.forEach(event -> emitAll(opened.on(event)));
            waiting.clear();
        }

        private void emitAll(List<StreamMessage> messages) {
            messages.forEach(emitter::emit);
        }
    }
}
