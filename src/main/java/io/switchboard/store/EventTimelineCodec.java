package io.switchboard.store;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.engine.TimelineCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The engine's parked timelines in the journal's own encoding ({@link EventCodec}): one codec for every event. */
public final class EventTimelineCodec implements TimelineCodec {
    private final EventCodec codec = EventCodec.instance();

    @Override
    public void write(DomainEvent.TicketEvent event, DataOutput out) throws IOException {
        codec.encode(event, out);
    }

    @Override
    public DomainEvent.TicketEvent read(DataInput in) throws IOException {
        return (DomainEvent.TicketEvent) codec.decode(in);
    }
}
