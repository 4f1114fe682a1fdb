package dev.headcount.report.dashboard;

import dev.headcount.events.HeadcountEvent;

import java.util.List;

/**
 * What one open event stream shows: the snapshot it starts with, then the messages each live event turns
 * into. A feed belongs to one stream and is called by one thread at a time ({@link DashboardStreams}).
 */
public interface Feed {

    StreamMessage snapshot();

    /** The messages {@code event} causes (often none). */
    List<StreamMessage> on(HeadcountEvent event);
}
