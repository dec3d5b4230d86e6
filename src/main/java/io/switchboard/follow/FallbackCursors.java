package io.switchboard.follow;

import io.vertx.core.Future;

/** See {@link CursorStore#fallingBackTo}: reads fall back to an older store, writes and deletes go to the newer. */
final class FallbackCursors implements CursorStore {
    private final CursorStore current;
    private final CursorStore older;

    FallbackCursors(CursorStore current, CursorStore older) {
        this.current = current;
        this.older = older;
    }

    @Override
    public Future<String> read(String name) {
        return current.read(name).compose(found -> found != null ? Future.succeededFuture(found) : older.read(name));
    }

    @Override
    public Future<Void> write(String name, String document) {
        return current.write(name, document);
    }

    /** Deletes in both, so that a deleted cursor does not come back from the older store. */
    @Override
    public Future<Void> delete(String name) {
        return current.delete(name).compose(v -> older.delete(name));
    }

    @Override
    public boolean durable() {
        return current.durable();
    }

    @Override
    public String describe() {
        return current.describe() + " (falling back to " + older.describe() + ")";
    }
}
