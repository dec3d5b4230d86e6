package io.switchboard.hooks;

/**
 * Why a webhook admin request was refused: the HTTP status, the problem slug (docs/problems.md)
 * and, for a bad member, its JSON pointer (nullable).
 */
public final class WebhookRejection extends RuntimeException {
    private final int status;
    private final String slug;
    private final String pointer;

    public WebhookRejection(int status, String slug, String detail, String pointer) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.pointer = pointer;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String pointer() {
        return pointer;
    }

    static WebhookRejection invalid(String pointer, String detail) {
        return new WebhookRejection(422, "validation", detail, pointer);
    }

    static WebhookRejection notFound(String id) {
        return new WebhookRejection(404, "not-found", "no webhook subscription " + id, null);
    }
}
