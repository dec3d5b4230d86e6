package io.switchboard.follow;

import io.vertx.core.Future;

/** The cursor store of in-memory mode: nothing is kept. */
final class NoCursors implements CursorStore {
    static final NoCursors INSTANCE = new NoCursors();

    private NoCursors() {
    }

    @Override
    public Future<String> read(String name) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> write(String name, String document) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> append(String name, String text) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> delete(String name) {
        return Future.succeededFuture();
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public String describe() {
        return "nowhere (in-memory mode)";
    }
}
