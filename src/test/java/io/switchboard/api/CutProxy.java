package io.switchboard.api;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a test client and the server on real sockets, standing in for the network:
 * {@link #cut} closes every TCP connection at once, with no WebSocket close frame (a dropped Wi-Fi
 * as the server sees it); {@link #freeze} stops carrying bytes either way while the connections
 * stay open (a half-open connection: the server keeps writing into the void).
 */
final class CutProxy {
    private final NetServer server;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    private CutProxy(NetServer server) {
        this.server = server;
    }

    static CutProxy start(Vertx vertx, int targetPort) {
        NetClient client = vertx.createNetClient();
        NetServer net = vertx.createNetServer();
        CutProxy proxy = new CutProxy(net);
        net.connectHandler(front -> {
            front.pause();
            client.connect(targetPort, "localhost").onSuccess(back -> {
                proxy.sockets.add(front);
                proxy.sockets.add(back);
                front.handler(bytes -> {
                    if (!proxy.frozen) {
                        back.write(bytes);
                    }
                });
                back.handler(bytes -> {
                    if (!proxy.frozen) {
                        front.write(bytes);
                    }
                });
                front.closeHandler(v -> back.close());
                back.closeHandler(v -> front.close());
                front.resume();
            }).onFailure(e -> front.close());
        });
        TestServer.await(net.listen(0, "localhost"));
        return proxy;
    }

    int port() {
        return server.actualPort();
    }

    /** Closes every relayed TCP connection, both sides, without a WebSocket close handshake. */
    void cut() {
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    /** From now on nothing is carried either way; the connections stay open. */
    void freeze() {
        frozen = true;
    }
}
