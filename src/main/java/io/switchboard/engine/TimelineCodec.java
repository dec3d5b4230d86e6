package io.switchboard.engine;

import io.switchboard.core.event.DomainEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How the engine writes the timeline of a ticket it parks ({@link ParkedTickets}) and reads it
 * back: the journal's event codec in production, handed in by the wiring so the engine stays free
 * of adapters. What is written is read back only by the same process: it never reaches disk.
 */
public interface TimelineCodec {
    /** Writes one event; {@link #read} reads exactly these bytes back. */
    void write(DomainEvent.TicketEvent event, DataOutput out) throws IOException;

    /** Reads one event written by {@link #write}. */
    DomainEvent.TicketEvent read(DataInput in) throws IOException;
}
