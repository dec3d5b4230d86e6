package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.auth.Principal;
import io.switchboard.config.Role;
import io.switchboard.engine.Command;
import io.switchboard.engine.PersonView;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.TicketView;
import io.switchboard.metrics.Metrics;
import io.switchboard.port.EnginePort;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Role and ownership checks in front of the routes (the table is in docs/security.md). A route
 * names the roles that may call it; for a ticket route a non-admin must also own the ticket:
 * an integration the tickets it created, an agent the tickets assigned to it, a supervisor the
 * tickets in the queues it supervises or assigned to agents it leads or manages. 403 otherwise.
 */
final class Access {
    /** Routing-context key of the archived ticket a ticket route resolved (null when the engine holds it). */
    static final String ARCHIVED = "switchboard.archived";

    private final EnginePort engine;
    private final ArchivedTickets archive;

    Access(EnginePort engine, ArchivedTickets archive) {
        this.engine = engine;
        this.archive = archive;
    }

    /** The authenticated caller, put there by {@link AuthHandler}. */
    static Principal principal(RoutingContext rc) {
        return rc.get(AuthHandler.PRINCIPAL);
    }

    /** Passes callers with one of {@code roles}. */
    Handler<RoutingContext> roles(Role first, Role... rest) {
        Set<Role> allowed = EnumSet.of(first, rest);
        return rc -> {
            if (allowed.contains(principal(rc).role())) {
                rc.next();
            } else {
                forbidden(rc, "forbidden_role", "role " + principal(rc).role().wire() + " may not " + rc.request().method()
                        + " this");
            }
        };
    }

    /** Passes callers with one of {@code roles} that may see ticket {@code :id}; 404 for no such ticket. */
    Handler<RoutingContext> ticket(Role first, Role... rest) {
        Set<Role> allowed = EnumSet.of(first, rest);
        return rc -> {
            Principal p = principal(rc);
            if (!allowed.contains(p.role())) {
                forbidden(rc, "forbidden_role", "role " + p.role().wire() + " may not " + rc.request().method() + " this");
                return;
            }
            if (p.is(Role.ADMIN)) {
                rc.next();
                return;
            }
            engine.trySend(new Command.GetTicket(rc.pathParam("id"))).onComplete(found -> {
                if (found.failed()) {
                    Answers.unavailable(rc, found.cause());
                } else if (found.result().ok()) {
                    admit(rc, p, (TicketView) found.result().value());
                } else if (found.result().rejection().kind() != Rejection.Kind.NOT_FOUND) {
                    Problem.from(found.result().rejection()).send(rc.response());
                } else {
                    archive.find(rc.pathParam("id")).onComplete(archived -> {
                        if (archived.failed()) {
                            Answers.archiveUnavailable(rc, archived.cause());
                        } else if (archived.result().isEmpty()) {
                            Problem.from(found.result().rejection()).send(rc.response());
                        } else {
                            rc.put(ARCHIVED, archived.result().get());
                            admit(rc, p, archived.result().get().ticket());
                        }
                    });
                }
            });
        };
    }

    /**
     * Archived tickets are read-only: a change answers 409 (an admin, whose routes skip the lookup,
     * gets the engine's 404 instead).
     */
    private void admit(RoutingContext rc, Principal p, TicketView ticket) {
        scope(p).onComplete(s -> {
            if (s.failed()) {
                Answers.unavailable(rc, s.cause());
            } else if (!s.result().covers(ticket)) {
                forbidden(rc, "out_of_scope", "this ticket is not yours");
            } else if (rc.get(ARCHIVED) != null && rc.request().method() != HttpMethod.GET) {
                Problem.of(409, "ticket-archived", "Ticket archived", "ticket " + ticket.id()
                        + " was closed and archived; it can no longer change").send(rc.response());
            } else {
                rc.next();
            }
        });
    }

    /** What the caller may see; a supervisor's reach is looked up in the engine. */
    Future<Scope> scope(Principal p) {
        if (!p.is(Role.SUPERVISOR)) {
            return Future.succeededFuture(new Scope(p, null));
        }
        return engine.trySend(new Command.GetPerson(p.id())).map(o -> new Scope(p, o.ok() ? (PersonView) o.value()
                : new PersonView(p.id(), List.of(), List.of(), List.of())));
    }

    /** 403; {@code reason} ({@code forbidden_role} or {@code out_of_scope}) labels the rejection metric. */
    static void forbidden(RoutingContext rc, String reason, String detail) {
        Metrics.rejecting(rc, reason);
        Problem.of(403, "forbidden", "Forbidden", detail).send(rc.response());
    }

    /** A caller's reach; {@code person} is set for supervisors only. */
    record Scope(Principal principal, PersonView person) {
        boolean covers(TicketView t) {
            switch (principal.role()) {
                case ADMIN:
                    return true;
                case INTEGRATION:
                    return principal.actor().equals(t.createdBy());
                case AGENT:
                    return principal.id().equals(t.assignee());
                default:
                    return person.queues().contains(t.queue()) || t.assignee() != null
                            && (person.leads().contains(t.assignee()) || person.manages().contains(t.assignee()));
            }
        }

        boolean coversAgent(String agentId) {
            switch (principal.role()) {
                case ADMIN:
                    return true;
                case AGENT:
                    return principal.id().equals(agentId);
                case SUPERVISOR:
                    return person.leads().contains(agentId) || person.manages().contains(agentId);
                default:
                    return false;
            }
        }
    }
}
