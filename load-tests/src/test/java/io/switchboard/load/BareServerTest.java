package io.switchboard.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bare baseline on a real port, spoken to by the generator's real clients. */
class BareServerTest {
    private Vertx vertx;
    private Clients clients;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        int port = ServerProcess.freePort();
        BareServer.start(vertx, port, 1).toCompletionStage().toCompletableFuture().join();
        clients = new Clients(URI.create("http://localhost:" + port), 2, 1, null);
    }

    @AfterEach
    void stop() {
        clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void resolve_onTheAgentsPool_isAnswered200() {
        Clients.Response r = clients.agentPost(Target.BARE.resolvePath("t-1"), Buffer.buffer("{\"reason\":\"x\"}"))
                .toCompletionStage().toCompletableFuture().join();
        assertEquals(200, r.status());
    }

    @Test
    void relay_withNoSocket_isCreatedAndQueued() {
        Clients.Response r = clients.post(Target.BARE.ticketPath(true), Buffer.buffer("{\"channel\":\"chat\"}"))
                .toCompletionStage().toCompletableFuture().join();
        assertEquals(201, r.status());
        assertEquals("queued", r.body().toJsonObject().getString("status"));
    }
}
