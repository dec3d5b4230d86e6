package io.switchboard.app;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.api.auth.Security;
import io.switchboard.api.http.Contracts;
import io.switchboard.api.http.HttpVerticle;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.engine.Retention;
import io.switchboard.follow.CursorStore;
import io.switchboard.follow.FileCursorStore;
import io.switchboard.follow.FollowerRegistry;
import io.switchboard.follow.JournalFollower;
import io.switchboard.hooks.WebhookAdmin;
import io.switchboard.channels.wechat.WeChatReplier;
import io.switchboard.hooks.WebhookDispatcher;
import io.switchboard.hooks.WebhookLoop;
import io.switchboard.channels.email.MailOutbox;
import io.switchboard.engine.Command;
import io.switchboard.engine.Outcome;
import io.switchboard.metrics.MailMetrics;
import io.switchboard.metrics.WebhookMetrics;
import io.switchboard.metrics.WeChatMetrics;
import io.switchboard.store.FileJournal;
import io.switchboard.store.Journal;
import io.switchboard.store.MemoryJournal;
import io.switchboard.store.RedisJournal;
import io.switchboard.store.RedisLease;
import io.switchboard.health.Readiness;
import io.switchboard.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.util.List;

/**
 * Wires a running server: the metrics probes, the engine verticle, then one HTTP verticle per core
 * on one port. Used by {@link Main} and by tests that need a real server on a random port.
 * Readiness starts with two checks, {@code config} (loaded and valid, or start would have failed)
 * and {@code engine} (its verticle is deployed); other parts add theirs with
 * {@code readiness().register(name, check)}.
 */
public final class Switchboard {
    private final int port;
    private final Metrics metrics;
    private final Readiness readiness;

    private volatile java.util.function.Supplier<Future<Void>> stopping = Future::succeededFuture;
    /** The stop under way or done (a stop runs once). */
    private Future<Void> stopped;

    private Switchboard(int port, Metrics metrics, Readiness readiness) {
        this.port = port;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /**
     * Stops in order what Vert.x would otherwise stop all at once (it undeploys every verticle in
     * parallel): the side effects (webhooks, e-mail and WeChat replies) first, each saving its cursor;
     * then the engine, whose journal closes after its last append (and with it the Redis client the
     * followers shared); then the webhooks' event loop, on which that client kept connections. A
     * single node first stops its intake (new commands answered 503 {@code shutting-down}; those
     * sent before are still answered) and closes its sockets with 1001 (going away). With
     * high availability the node hands over (docs/operations.md: the lease is released once its
     * engine stopped, so a standby takes over at once). Runs once; {@code vertx.close()} runs it
     * first (a close hook), so closing Vert.x alone is a clean stop too.
     */
    public synchronized Future<Void> stop() {
        if (stopped == null) {
            stopped = stopping.get();
        }
        return stopped;
    }

    public int port() {
        return port;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    /**
     * Starts on {@code port} (0 = any free port) inside {@code vertx} with domain and JVM metrics on
     * (Vert.x's own metrics need a Vert.x from {@link Metrics#newVertx}).
     */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig config, int port, String jwtSecret,
            DurabilitySettings durability) {
        return start(vertx, config, port, jwtSecret, durability, Metrics.create(true));
    }

    /**
     * Starts on {@code port} (0 = any free port) inside {@code vertx}: recovers from the journal,
     * then listens, with the history store under the data dir (in memory for in-memory mode).
     * Tokens are verified with {@code jwtSecret} (HS256) and the config's public keys, API keys
     * from {@code config.security()}. Readiness adds {@code journal} (writable).
     */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig config, int port, String jwtSecret,
            DurabilitySettings durability, Metrics metrics) {
        return start(vertx, config, port, jwtSecret, durability, metrics,
                new HistorySettings(durability.dataDir(), null));
    }

    /**
     * As above, with the history store {@code history} names. Closed tickets are archived (leave
     * the engine, read from the store) only when the store outlives a restart as the journal does,
     * or when nothing does (in-memory mode); snapshots then compact only what the store committed.
     * Readiness informs {@code history} ({@code up}/{@code lagging}, never unready).
     */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig configured, int port, String jwtSecret,
            DurabilitySettings durability, Metrics metrics, HistorySettings history) {
        return start(vertx, configured, port, jwtSecret, durability, metrics, history, HaSettings.OFF);
    }

    /**
     * As above; with {@code ha} enabled this node is one of several sharing the Redis journal
     * ({@link HaNode}): it listens at once as a standby (the API answers 503 {@code not-leader},
     * readiness {@code leader} fails) and deploys the engine only when it takes the lease.
     */
    public static Future<Switchboard> start(Vertx vertx, SwitchboardConfig configured, int port, String jwtSecret,
            DurabilitySettings durability, Metrics metrics, HistorySettings history, HaSettings ha) {
        SwitchboardConfig config;
        try {
            config = withAttachmentDir(configured, durability);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        EngineClient.registerCodecs(vertx);
        Contracts contracts = new Contracts(packaged("openapi.yaml"), packaged("asyncapi.yaml"));
        Security security = Security.create(vertx, config.security(), jwtSecret);
        Journal journal = journal(vertx, durability);
        Readiness readiness = new Readiness().register("config", () -> true).register("journal", journal::writable);
        boolean keepsHistory = history.postgres() != null || history.dataDir() != null
                || durability.store() == DurabilitySettings.Store.MEMORY;
        Retention retention = keepsHistory ? config.retention() : Retention.NEVER;
        HistoryVerticle store = new HistoryVerticle(HistoryVerticle.opener(history, durability), journal);
        // ---- journal followers (issues 14, 17, 18) ----
        // Every side effect of a durable batch follows the journal through one registry: the engine
        // hands each batch to all of them, and snapshots compact nothing any of them still needs.
        CursorStore cursors = cursorStore(vertx, journal, durability);
        boolean gapsAllowed = !journal.durable();
        // The side effects (webhooks, e-mail and WeChat replies) run only where the engine decides:
        // on a single node from the start, on a highly available node while it leads (SideEffects).
        JournalFollower wechatFeed = new JournalFollower("wechat", journal::readAfter, journal::position, gapsAllowed);
        JournalFollower hooksFeed = new JournalFollower("webhooks", journal::readAfter, journal::position, gapsAllowed);
        JournalFollower mailFeed = new JournalFollower("mail", journal::readAfter, journal::position, gapsAllowed);
        boolean mails = config.channels().email().outbound() != null;
        WeChatMetrics wechatMetrics = WeChatMetrics.of(metrics);
        WebhookMetrics webhookMetrics = WebhookMetrics.of(metrics);
        MailMetrics mailMetrics = MailMetrics.of(metrics);
        // one per node, not per leadership term: it ends after the journal (Switchboard#stop)
        WebhookLoop webhookLoop = new WebhookLoop(vertx);
        SideEffects sideEffects = new SideEffects(vertx, mails ? List.of(wechatFeed, hooksFeed, mailFeed)
                : List.of(wechatFeed, hooksFeed), () -> {
            // Webhooks: each subscription from its own cursor, on their own event loop.
            WebhookDispatcher hooks = new WebhookDispatcher(config.webhooks(), hooksFeed, cursors,
                    durability.store() == DurabilitySettings.Store.MEMORY ? null : durability.dataDir(),
                    webhookMetrics, webhookLoop);
            List<io.vertx.core.VerticleBase> verticles = new java.util.ArrayList<>(List.of(hooks));
            // Agent replies on e-mail tickets (email.outbound; none when unset).
            if (mails) {
                verticles.add(new MailOutbox(config.channels().email().outbound(), mailFeed, cursors,
                        outcome -> new EngineClient(vertx).send(new Command.RecordMail(outcome)).map(Outcome::ok),
                        mailMetrics));
            }
            // Agent replies on WeChat tickets go out through the platform's API (docs/channels.md, "Replies").
            verticles.add(new WeChatReplier(config.channels().wechat(), wechatFeed, new EngineClient(vertx)::send,
                    cursors, System::currentTimeMillis, wechatMetrics));
            return new SideEffects.Term(verticles, hooks);
        });
        FollowerRegistry followers = new FollowerRegistry()
                .register("history", store::offer, () -> keepsHistory ? store.committedPosition() : Long.MAX_VALUE)
                .register(hooksFeed);
        if (mails) {
            followers.register(mailFeed);
        }
        followers.register(wechatFeed);
        followers.lagGauges(journal::position).forEach(metrics::followerLag);
        // ---- end of journal followers ----
        // one engine verticle, or (high availability) a fresh one at each takeover
        io.switchboard.metrics.EngineObserver observer = metrics.engineObserver(config.routing(), config.sla());
        java.util.function.Supplier<EngineVerticle> engines = () -> new EngineVerticle(config.routing(), config.sla(),
                retention, journal, durability, observer, journalMeter(metrics), followers::offer,
                followers::holdBack, config.server().wsResume()).intake(config.channels().intake());
        Leadership leadership = new Leadership();
        return metrics.start(vertx, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)
                .compose(v -> vertx.deployVerticle(store))
                .compose(v -> {
                    readiness.inform("history", store::state);
                    metrics.historyLag(() -> store.projection().lagEvents(), () -> store.projection().lagSeconds());
                    return ha.enabled() ? Future.succeededFuture("") : vertx.deployVerticle(engines.get());
                })
                .compose(engineId -> ha.enabled() ? Future.succeededFuture(engineId)
                        : sideEffects.start().map(engineId))
                .compose(engineId -> {
                    // a single node serves from start to stop; its stop's first step ends this (intake refused)
                    Leadership serving = new Leadership();
                    serving.lead();
                    java.util.function.Function<Vertx, io.switchboard.port.EnginePort> ports =
                            v -> new NodePort(v, serving, NodePort.Gate.STOP);
                    HaNode node = null;
                    if (ha.enabled()) {
                        readiness.register("leader", leadership::leading);
                        node = new HaNode(vertx, ha, new RedisLease(vertx, durability.redisUrl(), ha.nodeId(),
                                ha.leaseTtlMillis()), (RedisJournal) journal, leadership, engines, sideEffects,
                                store::follow,
                                () -> new WarmStandby(vertx, config.routing(), config.sla(), retention,
                                        config.server().wsResume(), durability.redisUrl()));
                        node.start();
                        ports = v -> new NodePort(v, leadership, NodePort.Gate.LEASE);
                    } else {
                        store.follow();
                        readiness.register("engine", () -> vertx.deploymentIDs().contains(engineId));
                    }
                    HaNode haNode = node;
                    return listen(vertx, config, port, contracts, security, port == 0 ? 5 : 1, metrics, readiness,
                            store.archive(calendarZones(config), new ArchivedTickets.LiveSla(config.sla(),
                                    config.routing().teams(), config.routing().queues().keySet())),
                            sideEffects.webhooks(), ports).onSuccess(started -> {
                                started.stopping = haNode != null
                                        ? () -> haNode.stop().eventually(webhookLoop::close)
                                        : () -> {
                                            serving.lose(); // new commands refused, sockets closed with 1001
                                            return sideEffects.stop().eventually(() -> vertx.undeploy(engineId))
                                                    .eventually(webhookLoop::close);
                                        };
                                ((io.vertx.core.internal.VertxInternal) vertx).addCloseHook(
                                        completion -> started.stop().onComplete(done -> completion.succeed()));
                            });
                });
    }

    /**
     * Deploys one HTTP verticle per core on one port; Vert.x shares the socket among them. Port 0
     * is resolved to a free port first (Vert.x would give every instance its own random port), and
     * retried if another process takes that port in between.
     */
    private static Future<Switchboard> listen(Vertx vertx, SwitchboardConfig config, int port, Contracts contracts,
            Security security, int attempts, Metrics metrics, Readiness readiness, ArchivedTickets archive,
            WebhookAdmin webhooks, java.util.function.Function<Vertx, io.switchboard.port.EnginePort> ports) {
        int concrete = port == 0 ? freePort() : port;
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return vertx.deployVerticle(() -> new HttpVerticle(ports, config.server(), concrete, contracts, security, metrics,
                        archive, readiness, webhooks, config.channels()),
                        new DeploymentOptions().setInstances(instances))
                .map(id -> new Switchboard(concrete, metrics, readiness))
                .recover(failure -> attempts > 1 && failure instanceof BindException
                        ? listen(vertx, config, port, contracts, security, attempts - 1, metrics, readiness, archive,
                                webhooks, ports)
                        : Future.failedFuture(failure));
    }

    /** Every configured business calendar's zone by name (reports take their ranges in one). */
    private static java.util.Map<String, java.time.ZoneId> calendarZones(SwitchboardConfig config) {
        java.util.Map<String, java.time.ZoneId> zones = new java.util.HashMap<>();
        config.sla().calendars().forEach((name, calendar) -> zones.put(name, calendar.zone()));
        zones.putIfAbsent("24x7", java.time.ZoneOffset.UTC);
        return zones;
    }

    private static GroupCommit.Meter journalMeter(Metrics metrics) {
        return new GroupCommit.Meter() {
            @Override
            public void appended(long nanos) {
                metrics.recordJournalAppend(nanos);
            }

            @Override
            public void failed() {
                metrics.journalAppendFailed();
            }
        };
    }

    /**
     * Where the journal followers keep their cursors: beside the journal. On Redis, a node that
     * kept them in files before reads those until it has written its own (an upgrade goes on from
     * where the files left off).
     */
    private static CursorStore cursorStore(Vertx vertx, Journal journal, DurabilitySettings durability) {
        CursorStore files = durability.dataDir() == null ? CursorStore.none()
                : new FileCursorStore(vertx, durability.dataDir());
        switch (durability.store()) {
            case FILE:
                return files;
            case REDIS:
                return ((RedisJournal) journal).cursors().fallingBackTo(files);
            default:
                return CursorStore.none();
        }
    }

    private static Journal journal(Vertx vertx, DurabilitySettings durability) {
        switch (durability.store()) {
            case FILE:
                return new FileJournal(vertx, durability.dataDir().resolve("journal"), durability.fsync(),
                        durability.fsyncIntervalMillis());
            case REDIS:
                return new RedisJournal(vertx, durability.redisUrl(), durability.redisWaitAof());
            default:
                return new MemoryJournal();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A contract document from docs/, packaged under /public by the build. */
    private static Buffer packaged(String name) {
        try (InputStream in = Switchboard.class.getResourceAsStream("/public/" + name)) {
            return in == null ? Buffer.buffer(name + " was not packaged\n") : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decides where mail attachments are kept ({@code email.attachments.dir}, else
     * {@code <dataDir>/attachments} on the file journal); fails the start with a message naming
     * the keys when they are to be stored and there is nowhere (the Redis journal or memory mode
     * without a configured directory).
     */
    private static SwitchboardConfig withAttachmentDir(SwitchboardConfig config, DurabilitySettings durability) {
        io.switchboard.channels.ChannelSettings channels = config.channels();
        io.switchboard.channels.email.AttachmentSettings decided = channels.email().attachments()
                .in(durability.store() == DurabilitySettings.Store.FILE ? durability.dataDir() : null);
        return config.withChannels(new io.switchboard.channels.ChannelSettings(channels.intake(),
                channels.email().withAttachments(decided), channels.wechat()));
    }
}
