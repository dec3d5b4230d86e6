package io.switchboard.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated agents of a scenario: created ({@code PUT /v1/agents/{id}}, Switchboard only) and
 * connected once, spread over the generator's event loops, then reused by every run of the
 * scenario (each ramp step attaches its own {@link Sink}). Against the bare baseline the agents are
 * plain receiving sockets ({@link RelayAgent}).
 */
final class Fleet {
    /** Where agents report what they see; replaced between runs. {@code sla} is null outside the day mode. */
    record Sink(Metrics metrics, Correlator correlator, SlaBook sla) {}

    private static final int SETUP_CONCURRENCY = 64;

    final Clients clients;
    final Target target;
    final AgentSpec spec;
    /** Tickets currently offered to or held by an agent of this fleet. */
    final AtomicInteger held = new AtomicInteger();
    /** Agents holding at least one ticket. */
    final AtomicInteger busy = new AtomicInteger();
    private final List<Context> contexts;
    private volatile Sink sink;

    Fleet(Clients clients, Target target, AgentSpec spec, int eventLoops) {
        this.clients = clients;
        this.target = target;
        this.spec = spec;
        this.contexts = clients.newContexts(eventLoops);
    }

    Sink sink() {
        return sink;
    }

    void attach(Sink next) {
        this.sink = next;
    }

    int size() {
        return spec.count();
    }

    /** Creates the profiles (Switchboard only) and connects agents {@code from..to-1}; see {@link #connectAgents}. */
    Future<Void> connect(int from, int to, boolean available) {
        return createProfiles(from, to).compose(v -> connectAgents(from, to, available));
    }

    /** Creates or replaces the profiles of agents {@code from..to-1} ({@code PUT}); a no-op on the bare server. */
    Future<Void> createProfiles(int from, int to) {
        return target == Target.SWITCHBOARD
                ? Futures.forEach(to - from, SETUP_CONCURRENCY, i -> createProfile(from + i))
                : Future.succeededFuture();
    }

    /** Connects agents {@code from..to-1} (profiles must exist); {@code available} also sends presence. */
    Future<Void> connectAgents(int from, int to, boolean available) {
        return Futures.forEach(to - from, SETUP_CONCURRENCY, i -> connectOne(from + i, available));
    }

    private Future<?> createProfile(int index) {
        String path = "/v1/agents/" + spec.id(index);
        return clients.send(HttpMethod.PUT, path, spec.profiles().profile(index, spec.autoAccept()).toBuffer())
                .compose(r -> r.ok() ? Future.succeededFuture()
                        : Future.failedFuture("PUT " + path + " answered " + r.status() + ": " + r.body()));
    }

    private Future<?> connectOne(int index, boolean available) {
        Context context = contexts.get(index % contexts.size());
        Promise<Void> ready = Promise.promise();
        context.runOnContext(v -> {
            Future<Void> f = target == Target.SWITCHBOARD
                    ? new SimAgent(this, spec.id(index), context, index).connect(available)
                    : new RelayAgent(this, spec.id(index), index).connect();
            f.onComplete(ready);
        });
        return ready.future();
    }
}
