package io.switchboard.api.http;

import io.switchboard.api.ArchivedTickets;
import io.switchboard.channels.email.AttachmentStore;
import io.switchboard.core.intake.StoredAttachment;
import io.switchboard.engine.Command;
import io.switchboard.engine.Rejection;
import io.switchboard.engine.TicketView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/tickets/{id}/attachments/{attachmentId}}: the content of an attachment listed in
 * the ticket's {@code attachments} (same access as reading the ticket: {@link Access#ticket} ran
 * before). The ticket is looked up (engine, then history store) so only an attachment of that
 * ticket is served, from {@link AttachmentStore#file}, which takes no path from the request.
 *
 * <p>Never rendered by a browser: {@code Content-Disposition: attachment}, {@code nosniff} and a
 * sandboxing Content-Security-Policy, whatever the MIME part's type says; a type that is not a
 * plain {@code type/subtype} token is sent as {@code application/octet-stream}. The file is sent
 * with {@code sendFile} (no event-loop blocking).
 */
final class AttachmentRoute {
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private final Vertx vertx;
    private final Answers engine;
    private final ArchivedTickets archive;
    private final AttachmentStore store;

    AttachmentRoute(Vertx vertx, Answers engine, ArchivedTickets archive, AttachmentStore store) {
        this.vertx = vertx;
        this.engine = engine;
        this.archive = archive;
        this.store = store;
    }

    void handle(RoutingContext rc) {
        String ticketId = rc.pathParam("id");
        String attachmentId = rc.pathParam("attachmentId");
        ticket(rc, ticketId).onComplete(found -> {
            if (found.failed()) {
                return; // answered
            }
            StoredAttachment attachment = found.result().attachments().stream()
                    .filter(a -> a.id().equals(attachmentId)).findFirst().orElse(null);
            Path file = attachment == null ? null : store.file(ticketId, attachmentId);
            if (file == null) {
                notFound(rc, "ticket " + ticketId + " has no stored attachment '" + attachmentId + "'");
                return;
            }
            vertx.fileSystem().exists(file.toString()).onComplete(exists -> {
                if (exists.failed() || !exists.result()) {
                    notFound(rc, "the content of attachment " + attachmentId + " is not on this server's disk");
                    return;
                }
                rc.response()
                        .putHeader("Content-Type", mediaType(attachment.contentType()))
                        .putHeader("Content-Disposition", disposition(attachment.name()))
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                        .putHeader("Cache-Control", "private, no-store")
                        .sendFile(file.toString());
            });
        });
    }

    /** The ticket's view; a failed future once the request was answered (not found, unavailable). */
    private Future<TicketView> ticket(RoutingContext rc, String ticketId) {
        ArchivedTickets.Archived resolved = rc.get(Access.ARCHIVED);
        if (resolved != null) {
            return Future.succeededFuture(resolved.ticket());
        }
        return engine.send(new Command.GetTicket(ticketId)).transform(done -> {
            if (done.failed()) {
                Answers.unavailable(rc, done.cause());
                return Future.failedFuture("answered");
            }
            if (done.result().ok()) {
                return Future.succeededFuture((TicketView) done.result().value());
            }
            if (done.result().rejection().kind() != Rejection.Kind.NOT_FOUND) {
                Problem.from(done.result().rejection()).send(rc.response());
                return Future.failedFuture("answered");
            }
            return archive.find(ticketId).transform(found -> {
                if (found.failed()) {
                    Answers.archiveUnavailable(rc, found.cause());
                } else if (found.result().isEmpty()) {
                    Problem.from(done.result().rejection()).send(rc.response());
                } else {
                    return Future.succeededFuture(found.result().get().ticket());
                }
                return Future.failedFuture("answered");
            });
        });
    }

    static String mediaType(String contentType) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.matcher(type).matches() ? type : "application/octet-stream";
    }

    /** {@code attachment} with the name as ASCII (others replaced) and as RFC 5987 UTF-8. */
    static String disposition(String name) {
        if (name == null || name.isBlank()) {
            return "attachment";
        }
        String plain = name.replaceAll("[\\\\/]", "_");
        String ascii = plain.replaceAll("[^\\x20-\\x7e]|[\"%;]", "_");
        String encoded = URLEncoder.encode(plain, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static void notFound(RoutingContext rc, String detail) {
        Problem.of(404, "not-found", "Not found", detail).send(rc.response());
    }
}
