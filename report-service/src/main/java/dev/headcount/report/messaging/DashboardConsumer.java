package dev.headcount.report.messaging;

import dev.headcount.events.EventJson;
import dev.headcount.events.HeadcountEvent;
import dev.headcount.report.dashboard.LiveEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The dashboard's consumer: the same topics as {@link EventConsumer}, but in a consumer group of this replica
 * alone ({@code report-dashboard-<uuid>}, from the latest offsets, nothing committed), so that every replica
 * sees every event, whichever replica the {@code report} group gives a partition to. It only parses and hands
 * the event to {@link LiveEvents}; it never fails the channel (bad records are the {@code report} group's
 * business: it dead-letters them).
 */
@ApplicationScoped
public class DashboardConsumer {
    private static final Logger LOG = Logger.getLogger(DashboardConsumer.class);

    @Inject
    LiveEvents live;

    @Incoming("dashboard")
    public void consume(String payload) {
        HeadcountEvent event;
        try {
            event = EventJson.fromJson(payload);
        } catch (RuntimeException e) {
            LOG.debugf("dashboard: skipping a record that is not an event: %s", e.getMessage());
            return;
        }
        try {
            live.publish(event);
        } catch (RuntimeException e) {
            LOG.warnf(e, "dashboard: publishing %s %s to the open streams failed", event.type(), event.eventId());
        }
    }
}
