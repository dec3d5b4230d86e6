package io.switchboard.api;

import io.switchboard.core.ticket.Customer;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.engine.TicketView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The encoded members a ticket's views share from its draft ({@code "customer"} through
 * {@code "fields"}), remembered so that the ticket's next views (offered, assigned, resolved: a
 * few per lifecycle, milliseconds apart) copy them instead of encoding them again; the draft's
 * text (subject, a description of a few hundred characters, often not ASCII) is most of a
 * ticket's JSON. An entry is used only while every member it was made from is the same: the
 * draft's strings, tag set and field map by identity (a ticket's draft is immutable, a change
 * makes a new one), the customer and skills (made per view) by equality.
 *
 * <p>Bounded and lossy: {@value #SLOTS} slots, a new entry replaces whatever held its slot.
 * Threading: any thread; entries are immutable.
 */
final class DraftBytes {
    /** Slots (a power of two): enough for the tickets in flight between their views at thousands a second. */
    static final int SLOTS = 1024;
    private static final AtomicReferenceArray<Entry> ENTRIES = new AtomicReferenceArray<>(SLOTS);

    private record Entry(Customer customer, String type, String subject, String description,
            List<SkillRequirement> skills, String language, Set<String> tags, Map<String, String> fields,
            byte[] bytes) {
        boolean madeFrom(TicketView t) {
            return fields == t.fields() && description == t.description() && subject == t.subject()
                    && type == t.type() && language == t.language() && tags == t.tags()
                    && customer.equals(t.customer()) && skills.equals(t.requiredSkills());
        }
    }

    private DraftBytes() {
    }

    /** The bytes remembered for the view's draft members, or null. Never modify the array. */
    static byte[] find(TicketView t) {
        Entry entry = ENTRIES.get(slot(t));
        return entry != null && entry.madeFrom(t) ? entry.bytes() : null;
    }

    /** Remembers {@code bytes} as the encoding of the view's draft members. */
    static void remember(TicketView t, byte[] bytes) {
        ENTRIES.set(slot(t), new Entry(t.customer(), t.type(), t.subject(), t.description(), t.requiredSkills(),
                t.language(), t.tags(), t.fields(), bytes));
    }

    private static int slot(TicketView t) {
        int h = System.identityHashCode(t.fields()) * 31 + System.identityHashCode(t.description());
        h = h * 31 + System.identityHashCode(t.subject());
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
