package io.switchboard.app;

import io.switchboard.follow.JournalFollower;
import io.switchboard.hooks.WebhookAdmin;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What acts on the outside world from the journal: the webhook dispatcher, the e-mail outbox and
 * the WeChat replier. One node deploys them once, after its engine. A node of a highly available
 * group deploys a fresh set each time it takes the lease (after its engine: they start from the
 * shared cursors, and new subscriptions from the journal's head) and undeploys it when it steps
 * down (before its engine: the cursors are saved on the way out), so a standby never delivers;
 * the successor goes on from the saved cursors (at least once: what was delivered after the last
 * save is delivered again, with the same ids).
 *
 * <p>Threading: {@link #start} and {@link #stop} from one context (the node's); a stop during a
 * start undeploys what the start deploys after it.
 */
final class SideEffects {
    /** One term's verticles, deployed in order, and the webhook dispatcher among them (the admin API's target). */
    record Term(List<VerticleBase> verticles, WebhookAdmin webhooks) {}

    private final Vertx vertx;
    private final List<JournalFollower> followers;
    private final Supplier<Term> terms;
    private final LeaderWebhookAdmin admin = new LeaderWebhookAdmin();
    private final List<String> deployed = new ArrayList<>();
    private boolean startedBefore;
    /** Counts starts and stops: a start's late deployments see that a stop came after it. */
    private long generation;

    /** {@code terms} makes new verticles over {@code followers} (the same followers every term). */
    SideEffects(Vertx vertx, List<JournalFollower> followers, Supplier<Term> terms) {
        this.vertx = vertx;
        this.followers = followers;
        this.terms = terms;
    }

    /** The {@code /v1/webhooks} operations: the running dispatcher's; 503 {@code not-leader} between terms. */
    WebhookAdmin webhooks() {
        return admin;
    }

    /** Deploys a new term's verticles, in order; fails (with what did deploy left running) if one fails. */
    Future<Void> start() {
        if (startedBefore) {
            followers.forEach(JournalFollower::reopen);
        }
        startedBefore = true;
        Term term = terms.get();
        long started = ++generation;
        Future<Void> chain = Future.succeededFuture();
        for (VerticleBase verticle : term.verticles()) {
            chain = chain.compose(v -> vertx.deployVerticle(verticle).compose(id -> {
                if (started != generation) { // stopped meanwhile (a step-down): this one must not run either
                    return vertx.undeploy(id).compose(x -> Future.failedFuture("stopped while starting"));
                }
                deployed.add(id);
                return Future.<Void>succeededFuture();
            }));
        }
        return chain.onSuccess(v -> admin.serve(term.webhooks()));
    }

    /** Undeploys the running term's verticles, newest first (each saves its cursor as it stops). */
    Future<Void> stop() {
        generation++;
        admin.serve(null);
        List<String> ids = new ArrayList<>(deployed);
        deployed.clear();
        Future<Void> chain = Future.succeededFuture();
        for (int i = ids.size() - 1; i >= 0; i--) {
            String id = ids.get(i);
            chain = chain.eventually(() -> vertx.undeploy(id));
        }
        return chain;
    }
}
