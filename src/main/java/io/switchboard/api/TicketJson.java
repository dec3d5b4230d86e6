package io.switchboard.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import io.switchboard.core.sla.SlaMetric;
import io.switchboard.core.ticket.SkillRequirement;
import io.switchboard.engine.SlaView;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The hot path's ticket JSON: byte for byte what {@code JsonViews.ticket(t).encode()} gives (same
 * members, same order, nulls written), streamed by Jackson without building the
 * {@code JsonObject} tree first. A ticket view goes out with every answer and every push, and the
 * tree (a map per object, boxed values, a copy of the custom fields) was the largest allocation
 * of a ticket's life. The rarely filled lists (alerts, compensations) still go through
 * {@link JsonViews}. Stateless and thread-safe.
 */
public final class TicketJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

    private TicketJson() {
    }

    /** The ticket alone, a complete JSON object. */
    public static String encode(TicketView t) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                write(g, t);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * A server message {@code {"type":TYPE[,"offerId":..],"ticket":{..}[,"expiresAt":..]} } with its
     * closing brace left off, so that a socket can append its {@code seq} when it writes it.
     * {@code offerId} null and {@code expiresAt} 0 leave those members out.
     */
    public static String openMessage(String type, String offerId, TicketView t, long expiresAt) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("type", type);
                if (offerId != null) {
                    g.writeStringField("offerId", offerId);
                }
                g.writeFieldName("ticket");
                write(g, t);
                if (expiresAt != 0) {
                    g.writeStringField("expiresAt", JsonViews.time(expiresAt));
                }
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void write(JsonGenerator g, TicketView t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeStringField("status", t.status().wire());
        g.writeStringField("channel", t.channel().wire());
        g.writeStringField("priority", t.priority().wire());
        g.writeObjectFieldStart("customer");
        g.writeStringField("id", t.customer().id());
        g.writeStringField("tier", t.customer().tier().wire());
        g.writeStringField("name", t.customer().name());
        g.writeEndObject();
        g.writeStringField("type", t.type());
        g.writeStringField("subject", t.subject());
        g.writeStringField("description", t.description());
        g.writeArrayFieldStart("requiredSkills");
        for (SkillRequirement s : t.requiredSkills()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeNumberField("level", s.level());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("language", t.language());
        g.writeArrayFieldStart("tags");
        for (String tag : t.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("fields");
        for (Map.Entry<String, String> field : t.fields().entrySet()) {
            g.writeStringField(field.getKey(), field.getValue());
        }
        g.writeEndObject();
        g.writeStringField("queue", t.queue());
        g.writeStringField("assignee", t.assignee());
        g.writeStringField("team", t.team());
        g.writeStringField("minTier", t.minTier() == null ? null : t.minTier().wire());
        g.writeStringField("createdAt", JsonViews.time(t.createdAt()));
        g.writeStringField("updatedAt", JsonViews.time(t.updatedAt()));
        g.writeFieldName("sla");
        sla(g, t.sla());
        g.writeFieldName("alerts");
        if (t.alerts().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.alerts(t.alerts()), g);
        }
        g.writeFieldName("compensations");
        if (t.compensations().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.compensations(t.compensations()), g);
        }
        g.writeBooleanField("needsInfo", t.needsInfo());
        g.writeArrayFieldStart("missingFields");
        for (String field : t.missingFields()) {
            g.writeString(field);
        }
        g.writeEndArray();
        g.writeFieldName("fieldSources");
        if (t.fieldSources().isEmpty()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            JacksonCodec.encodeJson(JsonViews.fieldSources(t.fieldSources()), g);
        }
        g.writeEndObject();
    }

    /** As {@code JsonViews.sla}. */
    private static void sla(JsonGenerator g, SlaView sla) throws IOException {
        g.writeStartObject();
        g.writeStringField("policy", sla.policy());
        for (SlaMetric metric : SlaMetric.values()) {
            SlaView.Clock clock = sla.clocks().get(metric);
            g.writeFieldName(JsonViews.clockName(metric));
            if (clock == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeStringField("dueAt", clock.dueAt() < 0 ? null : JsonViews.time(clock.dueAt()));
            g.writeStringField("stoppedAt", clock.stoppedAt() == 0 ? null : JsonViews.time(clock.stoppedAt()));
            g.writeBooleanField("breached", clock.breached());
            g.writeFieldName("remainingSeconds");
            if (clock.remainingSeconds() == null) {
                g.writeNull();
            } else {
                g.writeNumber(clock.remainingSeconds());
            }
            g.writeEndObject();
        }
        g.writeBooleanField("paused", sla.paused());
        g.writeEndObject();
    }
}
