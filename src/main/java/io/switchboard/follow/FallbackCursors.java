package io.switchboard.follow;

import io.vertx.core.Future;

/** See {@link CursorStore#fallingBackTo}: reads fall back to an older store, writes and deletes go to the newer. */
final class FallbackCursors implements CursorStore {
    private final CursorStore current;
    private final CursorStore older;
    /** Names whose document is known to be in the newer store (or in neither): appends go straight there. */
    private final java.util.Set<String> carried = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    /**
     * Appends in the newer store, with the store's own append once the document is there; a
     * document only the older store has is first carried over whole (read there, written here), so
     * the appended text follows it. Each name is checked once per process.
     */
    @Override
    public Future<Void> append(String name, String text) {
        if (carried.contains(name)) {
            return current.append(name, text);
        }
        return current.read(name).compose(here -> here != null ? Future.<String>succeededFuture(null) : older.read(name))
                .compose(there -> there == null ? current.append(name, text) : current.write(name, there + text))
                .onSuccess(v -> carried.add(name));
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
