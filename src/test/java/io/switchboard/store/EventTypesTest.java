package io.switchboard.store;

import static io.switchboard.store.EventTypes.codes;
import static io.switchboard.store.EventTypes.event;
import static io.switchboard.store.EventTypes.legacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.event.DomainEvent;
import io.switchboard.core.event.DomainEvent.TicketArchived;
import io.switchboard.core.event.DomainEvent.TicketReplied;
import io.switchboard.core.ticket.Priority;
import io.switchboard.store.legacy.TicketRepliedWithoutReasonV1;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The registry's promises: tags, versions, subtype tags and enum codes are append-only and every
 * (tag, version) keeps its shape, as pinned in {@code src/test/resources/event-shapes.txt}.
 */
class EventTypesTest {
    private static final EventCodec CODEC = EventCodec.instance();

    static List<String> pinned() throws IOException {
        try (InputStream in = EventTypesTest.class.getResourceAsStream("/event-shapes.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void shapes_currentRegistry_matchThePinnedShapes() throws IOException {
        assertThat(ShapePins.violations(pinned(), CODEC, EventTypes.CURRENT))
                .as("event-shapes.txt is the journal's history (see EventTypes)").isEmpty();
    }

    @Test
    void tags_schema1Types_equalTheSortedIndicesTheSchema1BuildUsed() {
        // 225d425 numbered event types by their index among the sorted class names of its records
        List<Class<?>> afterSchema1 = List.of(TicketArchived.class, DomainEvent.SlaPolicyApplied.class,
                DomainEvent.ExclusionLifted.class, DomainEvent.FollowUpDone.class, DomainEvent.FollowUpOverdue.class,
                DomainEvent.TicketUnroutable.class, DomainEvent.FeedbackGiven.class,
                DomainEvent.HandoffReceived.class, DomainEvent.ActionKeyUsed.class,
                DomainEvent.StreamAppended.class, DomainEvent.FieldsExtracted.class, DomainEvent.FieldsRequested.class,
                DomainEvent.MailReceived.class, DomainEvent.WechatReceived.class, DomainEvent.MailSent.class,
                DomainEvent.MailFailed.class, DomainEvent.WechatReplySent.class, DomainEvent.WechatReplyFailed.class,
                DomainEvent.FieldsSupplied.class, DomainEvent.AttachmentsStored.class);
        List<EventTypes.EventType> schema1 = new ArrayList<>(EventTypes.CURRENT.types().stream()
                .filter(t -> !afterSchema1.contains(t.type())).toList());
        schema1.sort(Comparator.comparing(t -> t.type().getName()));
        for (int i = 0; i < schema1.size(); i++) {
            assertThat(schema1.get(i).tag()).as(schema1.get(i).type().getSimpleName()).isEqualTo(i);
        }
        for (int i = 0; i < afterSchema1.size(); i++) {
            assertThat(tagOf(afterSchema1.get(i))).as("types added later take the next tags, in order")
                    .isEqualTo(schema1.size() + i);
        }
    }

    @Test
    void violations_recordShapeChangedUnderTheSameVersion_asksForANewVersionAndAnUpcaster() throws IOException {
        List<String> lines = replace(pinned(), "event 18 1 TicketCreated ", "event 18 1 TicketCreated 0000000000000000");

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT)).singleElement().asString()
                .contains("the shape of TicketCreated version 1 changed").contains("bump the version")
                .contains("store/legacy/TicketCreatedV1").contains("upcaster");
    }

    @Test
    void violations_tagPinnedToAnotherType_saysTagsAreNeverReused() throws IOException {
        List<String> lines = replace(pinned(), "event 29 1 TicketArchived ", "event 29 1 TicketMerged 0000000000000000");

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT)).singleElement().asString()
                .contains("tag 29 is pinned to TicketMerged").contains("never reused");
    }

    @Test
    void violations_pinnedTypeNoLongerRead_saysToRetireItsTag() throws IOException {
        List<String> lines = new ArrayList<>(pinned());
        lines.add("event 99 1 TicketMerged 0123456789abcdef");

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT)).singleElement().asString()
                .contains("TicketMerged (tag 99) version 1 is no longer read").contains("RETIRED_TAGS");
    }

    @Test
    void violations_newTypeNotPinned_printsTheLineToAppend() throws IOException {
        // the newest type, as if its line had not been appended yet (whichever it is: tags are renumbered at merges)
        EventTypes.EventType newest = EventTypes.CURRENT.types().get(EventTypes.CURRENT.types().size() - 1);
        List<String> lines = pinned().stream().filter(l -> !l.startsWith("event " + newest.tag() + " ")).toList();

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT)).singleElement().asString()
                .startsWith("not pinned yet, append to event-shapes.txt: event " + newest.tag() + " 1 "
                        + newest.type().getSimpleName() + " ");
    }

    @Test
    void violations_enumConstantAppended_onlyAsksToPinIt() throws IOException {
        // as if LOW had been appended to Priority after the file was written
        List<String> lines = pinned().stream().filter(l -> !l.equals("enum Priority 3 LOW")).toList();

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT))
                .containsExactly("not pinned yet, append to event-shapes.txt: enum Priority 3 LOW");
    }

    @Test
    void violations_enumCodeReusedForAnotherConstant_fails() throws IOException {
        List<String> lines = replace(pinned(), "enum Priority 2 NORMAL", "enum Priority 2 MEDIUM");

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT))
                .anySatisfy(p -> assertThat(p).contains("'enum Priority 2 MEDIUM' is gone or now means something else"));
    }

    @Test
    void violations_subtypeTagMoved_fails() throws IOException {
        List<String> lines = replace(pinned(), "subtype OverflowStep 0 LowerSkillLevel", "subtype OverflowStep 0 WidenTeams");

        assertThat(ShapePins.violations(lines, CODEC, EventTypes.CURRENT))
                .anySatisfy(p -> assertThat(p).contains("never removed, reordered or reused"));
    }

    @Test
    void registry_tagUsedTwice_failsAtConstruction() {
        List<EventTypes.EventType> types = new ArrayList<>(EventTypes.CURRENT.types());
        types.set(types.size() - 1, event(28, TicketArchived.class, 1));

        assertThatThrownBy(() -> withTypes(types, Set.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event tag 28 is used twice");
    }

    @Test
    void registry_retiredTagUsed_failsAtConstruction() {
        assertThatThrownBy(() -> withTypes(EventTypes.CURRENT.types(), Set.of(29)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event tag 29 is retired");
    }

    @Test
    void codec_eventRecordWithoutTag_failsAtConstruction() {
        List<EventTypes.EventType> types = EventTypes.CURRENT.types().stream()
                .filter(t -> t.type() != TicketArchived.class).toList();

        assertThatThrownBy(() -> new EventCodec(withTypes(types, Set.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TicketArchived has no tag in EventTypes");
    }

    @Test
    void registry_newVersionWithoutLegacyShape_failsAtConstruction() {
        assertThatThrownBy(() -> event(25, TicketReplied.class, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every older version 1..1 needs a legacy record and upcaster");
    }

    @Test
    void registry_legacyVersionNotBelowCurrent_failsAtConstruction() {
        assertThatThrownBy(() -> event(25, TicketReplied.class, 1,
                legacy(1, TicketRepliedWithoutReasonV1.class, TicketRepliedWithoutReasonV1::upcast)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("below the current version");
    }

    @Test
    void codec_enumConstantRemoved_failsAtConstruction() {
        assertThatThrownBy(() -> new EventCodec(withPriorityCodes("URGENT", "HIGH", "NORMAL", "LOW", "TRIVIAL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Priority.TRIVIAL (code 4) was removed, but journals may hold it");
    }

    @Test
    void codec_enumConstantWithoutCode_failsAtConstruction() {
        assertThatThrownBy(() -> new EventCodec(withPriorityCodes("URGENT", "HIGH", "NORMAL")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Priority.LOW has no code");
    }

    @Test
    void registry_enumConstantListedTwice_failsAtConstruction() {
        assertThatThrownBy(() -> withPriorityCodes("URGENT", "HIGH", "NORMAL", "LOW", "HIGH"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lists a constant twice");
    }

    @Test
    void registry_enumRegisteredTwice_failsAtConstruction() {
        EventTypes current = EventTypes.CURRENT;
        List<EventTypes.EnumCodes> enums = new ArrayList<>(enums(current, null));
        enums.add(codes(Priority.class, "URGENT"));

        assertThatThrownBy(() -> new EventTypes(current.types(), current.retired(), current.subtypes(), enums))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("enum io.switchboard.core.ticket.Priority is registered twice");
    }

    @Test
    void registry_typeUnderTwoTags_failsAtConstruction() {
        List<EventTypes.EventType> types = new ArrayList<>(EventTypes.CURRENT.types());
        int next = types.stream().mapToInt(EventTypes.EventType::tag).max().orElseThrow() + 1;
        types.add(event(next, TicketArchived.class, 1));

        assertThatThrownBy(() -> withTypes(types, Set.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("io.switchboard.core.event.DomainEvent$TicketArchived has two tags");
    }

    @Test
    void eventType_tagsAndVersionsOutsideTwoBytes_failAtConstructionAndTheEdgesAreAccepted() {
        String range = "tag and version must be 0..65535 and 1..65535";
        assertThatThrownBy(() -> event(-1, TicketReplied.class, 1)).hasMessageContaining(range);
        assertThatThrownBy(() -> event(65_536, TicketReplied.class, 1)).hasMessageContaining(range);
        assertThatThrownBy(() -> event(0, TicketReplied.class, 0)).hasMessageContaining(range);
        assertThatThrownBy(() -> event(0, TicketReplied.class, 65_536)).hasMessageContaining(range);
        assertThatThrownBy(() -> event(0, TicketReplied.class, 65_535)).as("in range, but versions 1..65534 are missing")
                .hasMessageContaining("every older version 1..65534 needs a legacy record");

        assertThat(event(0, TicketReplied.class, 1).tag()).isZero();
        assertThat(event(65_535, TicketReplied.class, 1).tag()).isEqualTo(65_535);
    }

    @Test
    void eventType_legacyVersionZeroOrRepeated_failsAtConstruction() {
        String message = "TicketReplied: legacy version 0 must be unique and below the current version 2";
        assertThatThrownBy(() -> event(25, TicketReplied.class, 2,
                legacy(0, TicketRepliedWithoutReasonV1.class, TicketRepliedWithoutReasonV1::upcast)))
                .isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(() -> event(25, TicketReplied.class, 3,
                legacy(1, TicketRepliedWithoutReasonV1.class, TicketRepliedWithoutReasonV1::upcast),
                legacy(1, TicketRepliedWithoutReasonV1.class, TicketRepliedWithoutReasonV1::upcast)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TicketReplied: legacy version 1 must be unique and below the current version 3");
    }

    @Test
    void eventType_atVersion2_readsVersion1AsItsLegacyShapeAndVersion2AsTheRecord() {
        EventTypes.Legacy<TicketRepliedWithoutReasonV1> v1 = legacy(1, TicketRepliedWithoutReasonV1.class,
                TicketRepliedWithoutReasonV1::upcast);
        EventTypes.EventType type = event(25, TicketReplied.class, 2, v1);

        assertThat(type.versions()).containsExactly(java.util.Map.entry(1, TicketRepliedWithoutReasonV1.class),
                java.util.Map.entry(2, TicketReplied.class));
        assertThat(type.legacyOf(1)).isSameAs(type.legacy().get(0));
        assertThat(type.legacyOf(2)).as("the current version is the record itself").isNull();
        assertThat(v1.apply(new TicketRepliedWithoutReasonV1(3, "tkt_3", "hi", "agent:a")))
                .isEqualTo(new TicketReplied(3, "tkt_3", "hi", "agent:a", "agent_reply"));
    }

    @Test
    void registry_lookups_answerForRegisteredTypesAndNullOtherwise() {
        assertThat(EventTypes.CURRENT.codesOf(Priority.class)).containsExactly("URGENT", "HIGH", "NORMAL", "LOW");
        assertThat(EventTypes.CURRENT.codesOf(String.class)).isNull();
        assertThat(EventTypes.CURRENT.subtypesOf(io.switchboard.core.routing.OverflowStep.class)).hasSize(4);
        assertThat(EventTypes.CURRENT.subtypesOf(String.class)).isNull();
        assertThat(EventTypes.CURRENT.retired()).isEqualTo(EventTypes.RETIRED_TAGS);
    }

    private static int tagOf(Class<?> type) {
        return EventTypes.CURRENT.types().stream().filter(t -> t.type() == type).findFirst().orElseThrow().tag();
    }

    private static List<String> replace(List<String> lines, String prefix, String replacement) {
        List<String> out = new ArrayList<>();
        boolean found = false;
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                out.add(replacement);
                found = true;
            } else {
                out.add(line);
            }
        }
        assertThat(found).as("pinned line starting with " + prefix).isTrue();
        return out;
    }

    private static EventTypes withTypes(List<EventTypes.EventType> types, Set<Integer> retired) {
        EventTypes current = EventTypes.CURRENT;
        return new EventTypes(types, retired, current.subtypes(), enums(current, null));
    }

    private static EventTypes withPriorityCodes(String... names) {
        EventTypes current = EventTypes.CURRENT;
        return new EventTypes(current.types(), current.retired(), current.subtypes(),
                enums(current, codes(Priority.class, names)));
    }

    @SuppressWarnings("unchecked")
    private static List<EventTypes.EnumCodes> enums(EventTypes registry, EventTypes.EnumCodes priority) {
        List<EventTypes.EnumCodes> enums = new ArrayList<>();
        registry.enumCodes().forEach((type, names) -> enums.add(priority != null && type == Priority.class ? priority
                : new EventTypes.EnumCodes((Class<? extends Enum<?>>) type, names)));
        return enums;
    }
}
