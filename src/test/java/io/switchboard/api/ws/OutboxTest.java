package io.switchboard.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static JsonObject update(String ticket, String status) {
        return new JsonObject().put("type", "ticket_updated").put("ticket", new JsonObject().put("id", ticket)
                .put("status", status));
    }

    private static JsonObject offer(String id) {
        return new JsonObject().put("type", "offer").put("offerId", id);
    }

    private static void add(Outbox<JsonObject> box, JsonObject m) {
        box.add(m, Outbox.coalesceKey(m), 1000);
    }

    private static List<String> drain(Outbox<JsonObject> box) {
        List<String> out = new ArrayList<>();
        for (JsonObject m = box.poll(); m != null; m = box.poll()) {
            out.add(m.getString("type") + ":" + (m.containsKey("offerId") ? m.getString("offerId")
                    : m.containsKey("ticket") ? m.getJsonObject("ticket").getString("id") + "/"
                    + m.getJsonObject("ticket").getString("status") : m.getString("status")));
        }
        return out;
    }

    @Test
    void outbox_repeatedTicketUpdates_coalescedToLatestAfterEarlierOffers() {
        Outbox<JsonObject> box = new Outbox<>();
        add(box, update("tkt_1", "queued"));
        add(box, offer("ofr_1"));
        add(box, update("tkt_2", "assigned"));
        add(box, update("tkt_1", "offered"));
        add(box, offer("ofr_2"));

        assertThat(box.critical()).isEqualTo(2);
        assertThat(drain(box)).containsExactly("offer:ofr_1", "ticket_updated:tkt_2/assigned",
                "ticket_updated:tkt_1/offered", "offer:ofr_2");
        assertThat(box.critical()).isZero();
        assertThat(box.backlogSince()).isEqualTo(-1);
    }

    @Test
    void outbox_offersAndAssignments_neverDroppedOrMerged() {
        Outbox<JsonObject> box = new Outbox<>();
        for (int i = 0; i < 300; i++) {
            add(box, offer("ofr_" + i));
            add(box, new JsonObject().put("type", "presence_changed").put("status", i % 2 == 0 ? "away" : "available"));
        }

        assertThat(box.critical()).isEqualTo(300);
        assertThat(box.size()).isEqualTo(301);
        List<String> drained = drain(box);
        assertThat(drained).filteredOn(s -> s.startsWith("offer:")).hasSize(300);
        assertThat(drained).last().isEqualTo("presence_changed:available");
    }

    @Test
    void outbox_backlogSince_firstWaitingMessageTime() {
        Outbox<JsonObject> box = new Outbox<>();
        box.add(offer("a"), null, 1000);
        box.add(offer("b"), null, 2000);
        assertThat(box.backlogSince()).isEqualTo(1000);
        box.poll();
        assertThat(box.backlogSince()).isEqualTo(1000);
        box.poll();
        assertThat(box.backlogSince()).isEqualTo(-1);
    }
}
