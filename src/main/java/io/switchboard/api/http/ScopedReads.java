package io.switchboard.api.http;

import io.switchboard.api.JsonViews;
import io.switchboard.api.auth.Principal;
import io.switchboard.config.Role;
import io.switchboard.api.auth.Security;
import io.switchboard.core.ticket.Channel;
import io.switchboard.core.ticket.TicketStatus;
import io.switchboard.engine.AgentView;
import io.switchboard.engine.Command;
import io.switchboard.engine.TicketPage;
import io.switchboard.engine.TicketView;
import io.switchboard.api.ArchivedTickets;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The reads whose answer depends on who asks: ticket and agent lists filtered to the caller's
 * scope ({@link Access.Scope}), one agent, and WebSocket connection tickets.
 */
final class ScopedReads {
    private static final int MAX_PAGE = 200;

    private final Answers answers;
    private final Access access;
    private final Security security;

    private final ArchivedTickets archive;

    ScopedReads(Answers answers, Access access, Security security, ArchivedTickets archive) {
        this.archive = archive;
        this.answers = answers;
        this.access = access;
        this.security = security;
    }

    void listTickets(RoutingContext rc) {
        BodyReader r = new BodyReader();
        String statusText = rc.queryParams().get("status");
        TicketStatus status = null;
        if (statusText != null) {
            status = TicketStatus.parse(statusText).orElse(null);
            if (status == null) {
                r.error("/status", "unknown status '" + statusText + "'");
            }
        }
        int limit = 50;
        String limitText = rc.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                r.error("/limit", "must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        String channelText = rc.queryParams().get("channel");
        Channel channel = null;
        if (channelText != null) {
            channel = Channel.parse(channelText).orElse(null);
            if (channel == null) {
                r.error("/channel", "unknown channel '" + channelText + "'");
            }
        }
        Long createdFrom = instant(r, rc.queryParams().get("createdFrom"), "/createdFrom");
        Long createdTo = instant(r, rc.queryParams().get("createdTo"), "/createdTo");
        long after = Cursors.decode(rc.queryParams().get("cursor"));
        if (after < 0) {
            r.error("/cursor", "is not a cursor this server issued");
        }
        if (!r.errors().isEmpty()) {
            Problem.validation(r.errors()).send(rc.response());
            return;
        }
        Principal p = Access.principal(rc);
        String assignee = rc.queryParams().get("assignee");
        if (p.is(Role.AGENT)) {
            if (assignee != null && !assignee.equals(p.id())) {
                Access.forbidden(rc, "out_of_scope", "an agent lists only its own tickets");
                return;
            }
            assignee = p.id();
        }
        Command.ListTickets query = new Command.ListTickets(status, rc.queryParams().get("queue"), assignee,
                rc.queryParams().get("customer"), channel, createdFrom, createdTo, limit, after);
        access.scope(p).onComplete(scope -> {
            if (scope.failed()) {
                Answers.unavailable(rc, scope.cause());
                return;
            }
            answers.then(rc, query, live -> withArchived(rc, query, (TicketPage) live, scope.result()));
        });
    }

    /**
     * One page over both sources, by seq: the engine's tickets (open and recently closed) and the
     * history store's archived ones (closed), which never overlap. A page keeps its cursor when
     * tickets outside the caller's scope are left out of it.
     */
    private void withArchived(RoutingContext rc, Command.ListTickets query, TicketPage live, Access.Scope scope) {
        boolean archivedMayMatch = query.status() == null || query.status() == TicketStatus.CLOSED;
        (archivedMayMatch ? archive.list(query) : Future.succeededFuture(List.<TicketView>of())).onComplete(archived -> {
            if (archived.failed()) {
                Answers.archiveUnavailable(rc, archived.cause());
                return;
            }
            List<TicketView> merged = new ArrayList<>(live.tickets());
            merged.addAll(archived.result());
            merged.sort(Comparator.comparingLong(TicketView::seq));
            boolean more = live.nextAfterSeq() != 0 || archived.result().size() == query.limit();
            if (merged.size() > query.limit()) {
                merged = merged.subList(0, query.limit());
                more = true;
            }
            // each source's page is a prefix of its matches by seq, so everything up to the merged
            // page's last seq has been seen
            long next = more && !merged.isEmpty() ? merged.get(merged.size() - 1).seq() : 0;
            JsonArray items = new JsonArray();
            merged.stream().filter(scope::covers).forEach(t -> items.add(JsonViews.ticket(t)));
            Answers.json(rc, 200, new JsonObject().put("tickets", items)
                    .put("nextCursor", next == 0 ? null : Cursors.encode(next)));
        });
    }

    /** An ISO-8601 instant as epoch millis; null when absent; an error at {@code pointer} when malformed. */
    private static Long instant(BodyReader r, String text, String pointer) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            r.error(pointer, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            return null;
        }
    }

    void listAgents(RoutingContext rc) {
        Principal p = Access.principal(rc);
        access.scope(p).onComplete(scope -> {
            if (scope.failed()) {
                Answers.unavailable(rc, scope.cause());
                return;
            }
            answers.answer(rc, new Command.ListAgents(), 200, v -> {
                JsonArray items = new JsonArray();
                ((List<?>) v).stream().map(a -> (AgentView) a).filter(a -> scope.result().coversAgent(a.profile().id()))
                        .forEach(a -> items.add(JsonViews.agent(a)));
                return new JsonObject().put("agents", items);
            });
        });
    }

    void getAgent(RoutingContext rc) {
        access.scope(Access.principal(rc)).onComplete(scope -> {
            if (scope.failed()) {
                Answers.unavailable(rc, scope.cause());
            } else if (!scope.result().coversAgent(rc.pathParam("id"))) {
                Access.forbidden(rc, "out_of_scope", "this agent is not in your scope");
            } else {
                answers.answer(rc, new Command.GetAgent(rc.pathParam("id")), 200, v -> JsonViews.agent((AgentView) v));
            }
        });
    }

    /** A single-use connection ticket for the caller's own WebSocket (docs/websocket-protocol.md). */
    void wsTicket(RoutingContext rc) {
        long now = System.currentTimeMillis();
        Principal principal = Access.principal(rc);
        String ticket = security.issueWsTicket(principal, now);
        // the ticket itself dies with the credential (WsTickets caps it); say so, not the bare TTL
        Answers.json(rc, 201, new JsonObject().put("ticket", ticket)
                .put("expiresAt", JsonViews.time(Math.min(now + security.wsTicketTtlMillis(), principal.expiresAt()))));
    }
}
