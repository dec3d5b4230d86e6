package io.switchboard.store;

import io.switchboard.core.agent.Presence;
import io.switchboard.core.agent.SupportTier;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.AgentConnected;
import io.switchboard.core.event.DomainEvent.AgentDisconnected;
import io.switchboard.core.event.DomainEvent.AgentGraceExpired;
import io.switchboard.core.event.DomainEvent.AgentPresenceChanged;
import io.switchboard.core.event.DomainEvent.AgentUpserted;
import io.switchboard.core.event.DomainEvent.CompensationIssued;
import io.switchboard.core.event.DomainEvent.CustomerMessaged;
import io.switchboard.core.event.DomainEvent.FollowUpRequested;
import io.switchboard.core.event.DomainEvent.HandoffOverdue;
import io.switchboard.core.event.DomainEvent.IdleEscalated;
import io.switchboard.core.event.DomainEvent.OfferWithdrawn;
import io.switchboard.core.event.DomainEvent.PendingReminder;
import io.switchboard.core.event.DomainEvent.PreferenceLapsed;
import io.switchboard.core.event.DomainEvent.SlaBreached;
import io.switchboard.core.event.DomainEvent.SlaEscalated;
import io.switchboard.core.event.DomainEvent.SlaPolicyApplied;
import io.switchboard.core.event.DomainEvent.SlaWarning;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketAssigned;
import io.switchboard.core.event.DomainEvent.TicketClosed;
import io.switchboard.core.event.DomainEvent.TicketCreated;
import io.switchboard.core.event.DomainEvent.TicketOffered;
import io.switchboard.core.event.DomainEvent.TicketOverflowed;
import io.switchboard.core.event.DomainEvent.TicketPending;
import io.switchboard.core.event.DomainEvent.TicketQueued;
import io.switchboard.core.event.DomainEvent.TicketReleased;
import io.switchboard.core.event.DomainEvent.TicketReopened;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.event.DomainEvent.TicketReprioritized;
import io.switchboard.core.event.DomainEvent.TicketResolved;
import io.switchboard.core.event.DomainEvent.TicketTransferred;
import io.switchboard.core.routing.OverflowStep;
import io.switchboard.core.sla.EscalationAction;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.CustomerTier;
import io.switchboard.core.ticket.Priority;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.store.legacy.TicketCreatedUpcaster;
import io.switchboard.store.legacy.TicketCreatedV1;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The journal's registry: the stable numeric tag and current version of every event record, the
 * legacy shapes older versions are read through, and the stable codes of the nested sealed
 * subtypes and enum constants inside events. Everything here is written into journals and
 * snapshots that live for years, so <b>entries are only ever appended</b>: a tag or code is never
 * changed, reused or removed (a removed event type's tag goes to {@link #RETIRED_TAGS}).
 * {@code EventTypesTest} and {@code src/test/resources/event-shapes.txt} enforce this.
 *
 * <p>The tags 0–28, the overflow-step tags and the enum codes equal what the schema-1 build
 * (commit 225d425) derived from sorted class names and ordinals, so its journals decode as they are.
 *
 * <h2>Adding an event type</h2>
 * Add the record to {@link DomainEvent}, then one line {@code event(<next free tag>, Type.class, 1)}
 * at the end of {@link #CURRENT}'s list, and append the line {@code EventTypesTest} prints to
 * {@code event-shapes.txt}.
 *
 * <h2>Changing an event record (a new version)</h2>
 * Worked example: {@code TicketCreated} gains a component {@code slaPolicy} (the SLA decision made
 * at intake, recorded). Journals hold version-1 bytes without it, which must still open.
 * <ol>
 * <li>Copy the record <i>as it was</i>, verbatim, to {@code store/legacy/TicketCreatedV1.java}
 *     (same components, same order; nested types whose shape also changes are copied too, e.g.
 *     {@code TicketDraftV1}), and give it the conversion to today's record:
 * <pre>{@code
 * public record TicketCreatedV1(long at, String ticketId, long seq, TicketDraft draft, String queue,
 *         String actor, String reason, String idempotencyKey, String fingerprint) {
 *     public TicketCreated upcast() {
 *         // what the old build would have decided, recorded now: null = "not recorded, use the config"
 *         return new TicketCreated(at, ticketId, seq, draft, queue, actor, reason, idempotencyKey,
 *                 fingerprint, null);
 *     }
 * }
 * }</pre>
 * <li>Bump the type's version here and register the old one:
 * <pre>{@code
 * event(18, TicketCreated.class, 2, legacy(1, TicketCreatedV1.class, TicketCreatedV1::upcast)),
 * }</pre>
 * <li>Run {@code EventTypesTest}: it fails and prints the new line
 *     {@code event 18 2 TicketCreated <fingerprint>}; append it to {@code event-shapes.txt}. The
 *     existing line {@code event 18 1 ...} stays and now checks the legacy record (so it can never drift).
 * <li>Add a golden journal written by the real previous build (src/test/resources/golden/README.md)
 *     if the release changes the format, so every later build is tested against it.
 * </ol>
 * For a third version, add {@code TicketCreatedV2} the same way and make {@code TicketCreatedV1.upcast()}
 * go through it ({@code new TicketCreatedV2(...).upcast()}): every upcaster returns today's record.
 *
 * <p>Enum constants and sealed subtypes (e.g. a new {@link OverflowStep}) are appended to their
 * list below; their codes are positions and never move. Removing one needs a new version of every
 * event that contains it.
 */
public final class EventTypes {
    /** Tags of event types that were removed: never reuse them (old journals may still hold them). */
    static final Set<Integer> RETIRED_TAGS = Set.of();

    /** The registry this build journals with. */
    static final EventTypes CURRENT = new EventTypes(List.of(
            event(0, AgentConnected.class, 1),
            event(1, AgentDisconnected.class, 1),
            event(2, AgentGraceExpired.class, 1),
            event(3, AgentPresenceChanged.class, 1),
            event(4, AgentUpserted.class, 1),
            event(5, CompensationIssued.class, 1),
            event(6, CustomerMessaged.class, 1),
            event(7, FollowUpRequested.class, 1),
            event(8, HandoffOverdue.class, 1),
            event(9, IdleEscalated.class, 1),
            event(10, OfferWithdrawn.class, 1),
            event(11, PendingReminder.class, 1),
            event(12, PreferenceLapsed.class, 1),
            event(13, SlaBreached.class, 1),
            event(14, SlaEscalated.class, 1),
            event(15, SlaWarning.class, 1),
            event(16, TicketAssigned.class, 1),
            event(17, TicketClosed.class, 1),
            event(18, TicketCreated.class, 2, legacy(1, TicketCreatedV1.class, TicketCreatedUpcaster::upcast)),
            event(19, TicketOffered.class, 1),
            event(20, TicketOverflowed.class, 1),
            event(21, TicketPending.class, 1),
            event(22, TicketQueued.class, 1),
            event(23, TicketReleased.class, 1),
            event(24, TicketReopened.class, 1),
            event(25, TicketReplied.class, 1),
            event(26, TicketReprioritized.class, 1),
            event(27, TicketResolved.class, 1),
            event(28, TicketTransferred.class, 1),
            // after schema 1 (225d425):
            event(29, TicketArchived.class, 1),
            event(30, SlaPolicyApplied.class, 1),
            event(31, DomainEvent.ExclusionLifted.class, 1),
            event(32, DomainEvent.FollowUpDone.class, 1),
            event(33, DomainEvent.FollowUpOverdue.class, 1),
            event(34, DomainEvent.TicketUnroutable.class, 1),
            event(35, DomainEvent.FeedbackGiven.class, 1),
            event(36, DomainEvent.HandoffReceived.class, 1),
            event(37, DomainEvent.ActionKeyUsed.class, 1),
            event(38, DomainEvent.StreamAppended.class, 1),
            event(39, DomainEvent.FieldsExtracted.class, 1),
            event(40, DomainEvent.FieldsRequested.class, 1),
            event(41, DomainEvent.MailReceived.class, 1),
            event(42, DomainEvent.WechatReceived.class, 2, legacy(1, io.switchboard.store.legacy.WechatReceivedV1.class,
                    io.switchboard.store.legacy.WechatReceivedV1::upcast)),
            event(43, DomainEvent.MailSent.class, 1),
            event(44, DomainEvent.MailFailed.class, 1),
            event(45, DomainEvent.WechatReplySent.class, 1),
            event(46, DomainEvent.WechatReplyFailed.class, 1),
            event(47, DomainEvent.FieldsSupplied.class, 1),
            event(48, DomainEvent.AttachmentsStored.class, 1)),
            RETIRED_TAGS,
            Map.of(OverflowStep.class, List.of(
                    OverflowStep.LowerSkillLevel.class,
                    OverflowStep.MoveToQueue.class,
                    OverflowStep.RaisePriority.class,
                    OverflowStep.WidenTeams.class)),
            List.of(
                    codes(Channel.class, "WEB", "EMAIL", "CHAT", "WECHAT", "VOICE", "API"),
                    codes(Priority.class, "URGENT", "HIGH", "NORMAL", "LOW"),
                    codes(CustomerTier.class, "STANDARD", "VIP", "ENTERPRISE"),
                    codes(TicketStatus.class, "NEW", "QUEUED", "OFFERED", "ASSIGNED", "PENDING_CUSTOMER",
                            "PENDING_INTERNAL", "RESOLVED", "CLOSED"),
                    codes(SupportTier.class, "L1", "L2", "L3", "L4"),
                    codes(Presence.class, "OFFLINE", "AVAILABLE", "AWAY", "BUSY"),
                    codes(SlaMetric.class, "FIRST_RESPONSE", "NEXT_RESPONSE", "RESOLUTION"),
                    codes(EscalationAction.class, "NOTIFY_TEAM_LEAD", "ESCALATE_MANAGER", "RAISE_PRIORITY",
                            "MOVE_TO_HIGHER_TIER", "REASSIGN"),
                    codes(OfferWithdrawn.Outcome.class, "REJECTED", "EXPIRED", "REVOKED")));

    private final List<EventType> types;
    private final Set<Integer> retired;
    private final Map<Class<?>, List<Class<?>>> subtypes;
    private final Map<Class<?>, List<String>> enumCodes;

    /**
     * A registry; fails at once if tags repeat, a tag is retired, a version lacks its legacy shape,
     * or a code list repeats a name. Tests build their own to prove the upcasting mechanism.
     */
    EventTypes(List<EventType> types, Set<Integer> retired, Map<Class<?>, List<Class<?>>> subtypes,
            List<EnumCodes> enums) {
        this.types = List.copyOf(types);
        this.retired = Set.copyOf(retired);
        this.subtypes = Map.copyOf(subtypes);
        Map<Class<?>, List<String>> codes = new LinkedHashMap<>();
        for (EnumCodes e : enums) {
            if (codes.put(e.type(), e.names()) != null) {
                throw new IllegalStateException("enum " + e.type().getName() + " is registered twice");
            }
            if (new HashSet<>(e.names()).size() != e.names().size()) {
                throw new IllegalStateException("enum " + e.type().getName() + " lists a constant twice");
            }
        }
        this.enumCodes = Map.copyOf(codes);
        Map<Integer, EventType> byTag = new HashMap<>();
        Set<Class<?>> classes = new HashSet<>();
        for (EventType type : this.types) {
            if (byTag.put(type.tag(), type) != null) {
                throw new IllegalStateException("event tag " + type.tag() + " is used twice");
            }
            if (this.retired.contains(type.tag())) {
                throw new IllegalStateException("event tag " + type.tag() + " is retired; take the next free tag");
            }
            if (!classes.add(type.type())) {
                throw new IllegalStateException(type.type().getName() + " has two tags");
            }
        }
    }

    /** Today's event types, in registration order. */
    List<EventType> types() {
        return types;
    }

    Set<Integer> retired() {
        return retired;
    }

    /** The stable tags of a sealed component type's records (tag = position), or null if unregistered. */
    List<Class<?>> subtypesOf(Class<?> sealed) {
        return subtypes.get(sealed);
    }

    Map<Class<?>, List<Class<?>>> subtypes() {
        return subtypes;
    }

    /** The stable codes of an enum's constants by name (code = position), or null if unregistered. */
    List<String> codesOf(Class<?> enumType) {
        return enumCodes.get(enumType);
    }

    Map<Class<?>, List<String>> enumCodes() {
        return enumCodes;
    }

    static EventType event(int tag, Class<? extends DomainEvent> type, int version, Legacy<?>... legacy) {
        return new EventType(tag, type, version, List.of(legacy));
    }

    /** An old version of an event: decoded into {@code shape}, then turned into today's record by {@code upcast}. */
    static <L extends Record> Legacy<L> legacy(int version, Class<L> shape, Function<L, ? extends DomainEvent> upcast) {
        return new Legacy<>(version, shape, upcast);
    }

    static EnumCodes codes(Class<? extends Enum<?>> type, String... names) {
        return new EnumCodes(type, List.of(names));
    }

    /** One event type: its tag, its current version (the record itself) and the shapes of older versions. */
    record EventType(int tag, Class<? extends DomainEvent> type, int version, List<Legacy<?>> legacy) {
        EventType {
            Objects.requireNonNull(type);
            if (tag < 0 || tag > 0xffff || version < 1 || version > 0xffff) {
                throw new IllegalStateException(type.getName() + ": tag and version must be 0..65535 and 1..65535");
            }
            legacy = List.copyOf(legacy);
            Set<Integer> versions = new HashSet<>();
            for (Legacy<?> old : legacy) {
                if (old.version() < 1 || old.version() >= version || !versions.add(old.version())) {
                    throw new IllegalStateException(type.getSimpleName() + ": legacy version " + old.version()
                            + " must be unique and below the current version " + version);
                }
            }
            if (versions.size() != version - 1) {
                throw new IllegalStateException(type.getSimpleName() + " is at version " + version
                        + ": every older version 1.." + (version - 1) + " needs a legacy record and upcaster");
            }
        }

        /** Every version this build reads, oldest first, as (version, record class). */
        List<Map.Entry<Integer, Class<?>>> versions() {
            List<Map.Entry<Integer, Class<?>>> all = new ArrayList<>();
            for (int v = 1; v <= version; v++) {
                all.add(Map.entry(v, v == version ? type : legacyOf(v).shape()));
            }
            return all;
        }

        Legacy<?> legacyOf(int v) {
            for (Legacy<?> old : legacy) {
                if (old.version() == v) {
                    return old;
                }
            }
            return null;
        }
    }

    record Legacy<L extends Record>(int version, Class<L> shape, Function<L, ? extends DomainEvent> upcast) {
        @SuppressWarnings("unchecked")
        DomainEvent apply(Object decoded) {
            return upcast.apply((L) decoded);
        }
    }

    record EnumCodes(Class<? extends Enum<?>> type, List<String> names) {}
}
