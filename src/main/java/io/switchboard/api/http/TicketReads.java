package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.JsonViews;
import io.switchboard.core.event.DomainEvent;
import io.switchboard.engine.Command;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.TicketView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/tickets/{id}} and its timeline: from the engine while it holds the ticket, from
 * the history store once it was archived (same JSON, same access rules: {@link Access#ticket}
 * already resolved and checked it, except for admins, whose lookup happens here).
 */
final class TicketReads {
    private final Answers engine;
    private final ArchivedTickets archive;

    TicketReads(Answers engine, ArchivedTickets archive) {
        this.engine = engine;
        this.archive = archive;
    }

    void ticket(RoutingContext rc) {
        read(rc, new Command.GetTicket(rc.pathParam("id")), v -> JsonViews.ticket((TicketView) v),
                archived -> JsonViews.ticket(archived.ticket()));
    }

    void timeline(RoutingContext rc) {
        read(rc, new Command.GetTimeline(rc.pathParam("id")), TicketReads::timelineJson,
                archived -> timelineJson(archived.timeline()));
    }

    @SuppressWarnings("unchecked")
    static JsonObject timelineJson(Object value) {
        JsonArray entries = new JsonArray();
        for (DomainEvent.TicketEvent e : (List<DomainEvent.TicketEvent>) value) {
            // an archived timeline holds every journaled ticket event; idempotency keys are no history
            if (!(e instanceof DomainEvent.ActionKeyUsed)) {
                entries.add(JsonViews.timelineEntry(e));
            }
        }
        return new JsonObject().put("timeline", entries);
    }

    private void read(RoutingContext rc, Command query, Function<Object, JsonObject> live,
            Function<ArchivedTickets.Archived, JsonObject> archived) {
        ArchivedTickets.Archived resolved = rc.get(Access.ARCHIVED);
        if (resolved != null) {
            Answers.json(rc, 200, archived.apply(resolved));
            return;
        }
        engine.send(query).onComplete(done -> {
            if (done.failed()) {
                Answers.unavailable(rc, done.cause());
            } else if (done.result().ok()) {
                Answers.json(rc, 200, live.apply(done.result().value()));
            } else if (done.result().rejection().kind() != Rejection.Kind.NOT_FOUND) {
                Problem.from(done.result().rejection()).send(rc.response());
            } else {
                archive.find(rc.pathParam("id")).onComplete(found -> {
                    if (found.failed()) {
                        Answers.archiveUnavailable(rc, found.cause());
                    } else if (found.result().isEmpty()) {
                        Problem.from(done.result().rejection()).send(rc.response());
                    } else {
                        Answers.json(rc, 200, archived.apply(found.result().get()));
                    }
                });
            }
        });
    }
}
