package io.switchboard.follow;

import io.vertx.core.Future;

/**
 * Where journal followers keep their cursors: one document per name, each the follower's journal
 * position and whatever must move with it in one step (the mail outbox's conversations, a webhook
 * subscription's disabled state). Names are relative paths ({@code mail-outbox/state.json},
 * {@code webhooks/<id>.cursor.json}, {@code wechat/reply-cursor}); the document's format is the
 * follower's own. docs/operations.md lists them and where each store keeps them.
 *
 * <p>Contract: {@link #write} replaces the document atomically (a crash, even {@code kill -9},
 * leaves the old one or the new one) and completes once it is as durable as the store promises;
 * {@link #read} completes with the last document written, or null when there is none. Callable
 * from any context; never blocks the caller's thread.
 */
public interface CursorStore {
    Future<String> read(String name);

    Future<Void> write(String name, String document);

    /**
     * Adds {@code text} at the end of document {@code name} (creating it), durable as a
     * {@link #write} once complete: for logs of changes that would be costly to rewrite whole
     * (a webhook subscription's ticket contexts). A crash during an append may leave its text torn
     * at the end of the document, so appended documents are lines and their readers skip a torn
     * last line. This default reads and rewrites the whole document (a store without an append of
     * its own); the file store appends.
     */
    default Future<Void> append(String name, String text) {
        return read(name).compose(old -> write(name, old == null ? text : old + text));
    }

    /** Forgets {@code name} (a deleted webhook subscription); nothing to forget is fine. */
    Future<Void> delete(String name);

    /** False when nothing outlives the process (in-memory mode): followers then hold nothing back. */
    boolean durable();

    /** Where the documents live, for logs. */
    String describe();

    /** Keeps nothing (in-memory mode): every read finds no document. */
    static CursorStore none() {
        return NoCursors.INSTANCE;
    }

    /**
     * Reads {@code older}'s document when this store has none yet, and writes only here: a node
     * whose cursors move from files to Redis picks up where the files left off, once.
     */
    default CursorStore fallingBackTo(CursorStore older) {
        return new FallbackCursors(this, older);
    }
}
