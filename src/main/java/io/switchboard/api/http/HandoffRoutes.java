package io.switchboard.api.http;

import io.switchboard.config.Role;
import io.switchboard.api.handoff.HandoffMapping;
import io.switchboard.api.handoff.HandoffPlatform;
import io.switchboard.api.handoff.HandoffRequest;
import io.switchboard.engine.Command;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.TicketView;
import io.switchboard.port.EnginePort;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/handoff/<platform>}: a chatbot hands a conversation over in its platform's own
 * payload (docs/handoff.md). The platform adapter maps the payload; this route opens the ticket
 * through the engine port and answers in the platform's shape. A payload that is not the
 * platform's handoff is a 422 {@code invalid-handoff-payload} naming each bad member by JSON
 * pointer into the payload, and changes nothing.
 *
 * <p>Required fields: the ticket type's fields ({@code intake.types}) go through the same check as
 * {@code POST /v1/tickets} on the ticket's channel ({@link IntakeGate}; chat is lenient by
 * default, so a ticket lacking one opens with {@code needsInfo}), looked for in the platform's
 * detected parameters and the customer's turns of the transcript ({@link HandoffTexts}).
 *
 * <p>Idempotency: the platform's conversation id, scoped to the caller, is the ticket's creation
 * key, journaled with the ticket, so a retried handoff (also after a restart) answers the same
 * ticket for as long as creation keys are kept (24 h) and the ticket is not archived.
 */
final class HandoffRoutes {
    /** The fingerprint of every handoff key: a retry with a longer transcript is still the same handoff. */
    static final String FINGERPRINT = "handoff";

    private final EnginePort engine;
    private final IntakeGate intake;

    HandoffRoutes(EnginePort engine, IntakeGate intake) {
        this.engine = engine;
        this.intake = intake;
    }

    void mount(Router router, Access access) {
        for (HandoffPlatform platform : HandoffPlatform.all()) {
            router.post("/v1/handoff/" + platform.name()).handler(access.roles(Role.INTEGRATION, Role.ADMIN))
                    .handler(rc -> JsonBodies.read(rc, false, body -> handOff(rc, platform, body)));
        }
    }

    /**
     * The creation key of a handoff: caller, platform and the platform's conversation id, joined by
     * tabs, which an Idempotency-Key header cannot hold, so no POST /v1/tickets key collides with it.
     */
    static String key(String actor, String platform, String conversationId) {
        return actor + "\thandoff\t" + platform + "\t" + conversationId;
    }

    private void handOff(RoutingContext rc, HandoffPlatform platform, JsonObject body) {
        String actor = Access.principal(rc).actor();
        HandoffMapping mapping = platform.map(body, actor);
        if (mapping instanceof HandoffMapping.Invalid invalid) {
            invalid(rc, platform, invalid.errors());
            return;
        }
        if (mapping instanceof HandoffMapping.Ignored ignored) {
            Answers.json(rc, 200, new JsonObject().put("ignored", ignored.reason()));
            return;
        }
        HandoffRequest request = ((HandoffMapping.Mapped) mapping).request();
        IntakeGate.Gated gated = intake.apply(new Command.CreateTicket(request.draft(),
                key(actor, platform.name(), request.handoff().conversationId()), FINGERPRINT, actor),
                HandoffTexts.of(request), "the bot's parameters or the customer's messages");
        if (gated.problem() != null) {
            gated.problem().send(rc.response());
            return;
        }
        Command.CreateTicket create = gated.command();
        engine.trySend(new Command.HandOff(create, request.handoff())).onComplete(done -> {
            if (done.failed()) {
                Answers.unavailable(rc, done.cause());
            } else if (!done.result().ok()) {
                Rejection rejection = done.result().rejection();
                if (rejection.kind() == Rejection.Kind.INVALID && !rejection.errors().isEmpty()) {
                    invalid(rc, platform, rejection.errors().stream().map(e -> new Rejection.FieldError(
                            request.payloadPointer(e.pointer()), e.message())).toList());
                } else {
                    Problem.from(rejection).send(rc.response());
                }
            } else {
                TicketView ticket = (TicketView) done.result().value();
                rc.response().putHeader("Location", "/v1/tickets/" + ticket.id());
                Answers.json(rc, 200, platform.answer(request, ticket, done.result().created()));
            }
        });
    }

    private static void invalid(RoutingContext rc, HandoffPlatform platform, List<Rejection.FieldError> errors) {
        new Problem(422, "invalid-handoff-payload", "Invalid handoff payload", "the body is not a " + platform.name()
                + " handoff this server can take: " + errors.get(0).pointer() + " " + errors.get(0).message(), errors)
                .send(rc.response());
    }
}
