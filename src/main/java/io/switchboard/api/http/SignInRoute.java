package io.switchboard.api.http;

import io.switchboard.api.JsonViews;
import io.switchboard.api.auth.AuthFailure;
import io.switchboard.api.auth.Security;
import io.switchboard.api.web.WebUi;
import io.switchboard.api.web.WebAssets;
import io.switchboard.engine.Rejection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/sign-in}: trades the one-time code of a {@code mint-token --link} link for the
 * token it grants. Public (the code is the credential); mounted before authentication together
 * with the browser clients ({@link WebUi}), whose sign-in page is its only intended caller.
 */
final class SignInRoute {
    static final String PATH = "/v1/sign-in";

    private SignInRoute() {
    }

    /** The pages, CORS, then this route; all before {@link AuthHandler} (the assets are mounted last, {@code WebUi.mountAssets}). */
    static void mountWithWebUi(Router router, Security security) {
        WebUi.mount(router, WebAssets.packaged(), security.settings().allowedOrigins());
        router.post(PATH).handler(rc -> JsonBodies.read(rc, false, body -> redeem(rc, security, body)));
    }

    private static void redeem(RoutingContext rc, Security security, JsonObject body) {
        if (!(body.getValue("code") instanceof String code) || code.isEmpty()) {
            Problem.validation(List.of(new Rejection.FieldError("/code", "is required: the code from the sign-in link")))
                    .send(rc.response());
            return;
        }
        security.redeemSignInCode(code).onComplete(done -> {
            if (done.failed()) {
                AuthHandler.unauthorized(rc, done.cause() instanceof AuthFailure ? done.cause()
                        : new AuthFailure(false, "the sign-in code is not valid"));
                return;
            }
            security.token(done.result()).onComplete(p -> {
                if (p.failed()) {
                    AuthHandler.unauthorized(rc, p.cause());
                    return;
                }
                rc.response().putHeader("Cache-Control", "no-store");
                Answers.json(rc, 200, new JsonObject().put("token", done.result()).put("sub", p.result().id())
                        .put("role", p.result().role().wire()).put("expiresAt", JsonViews.time(p.result().expiresAt()
                                - security.settings().leeway().toMillis())));
            });
        });
    }
}
