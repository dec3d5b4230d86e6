package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Rejection.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MemberErrorsTest {

    @Test
    void typed_absentOptional_nullWithoutError() {
        MemberErrors errors = new MemberErrors();
        assertThat(errors.typed(null, JsonObject.class, "/a", false, "must be an object")).isNull();
        assertThat(errors.none()).isTrue();
    }

    @Test
    void typed_absentRequired_namesTheMember() {
        MemberErrors errors = new MemberErrors();
        assertThat(errors.typed(null, JsonObject.class, "/a", true, "must be an object")).isNull();
        assertThat(errors.list()).containsExactly(new FieldError("/a", "is required"));
    }

    @Test
    void typed_otherType_givesTheCallersWording() {
        MemberErrors errors = new MemberErrors();
        assertThat(errors.typed("text", JsonObject.class, "/a", true, "must be an object")).isNull();
        assertThat(errors.list()).containsExactly(new FieldError("/a", "must be an object"));
    }

    @Test
    void typed_rightType_returnsIt() {
        MemberErrors errors = new MemberErrors();
        JsonObject nested = new JsonObject().put("k", 1);
        assertThat(errors.typed(nested, JsonObject.class, "/a", true, "must be an object")).isSameAs(nested);
        assertThat(errors.none()).isTrue();
    }

    @Test
    void array_tooLong_emptyWithError() {
        MemberErrors errors = new MemberErrors();
        JsonArray read = errors.array(new JsonArray().add(1).add(2).add(3), "/items", 2);
        assertThat(read).isEmpty();
        assertThat(errors.list()).containsExactly(new FieldError("/items", "must have at most 2 items"));
    }

    @Test
    void array_notAnArray_emptyWithErrorAndTheReaderGoesOn() {
        MemberErrors errors = new MemberErrors();
        assertThat(errors.array(new JsonObject(), "/items", 2)).isEmpty();
        errors.string(7, "/name", true, 10);
        assertThat(errors.list()).extracting(FieldError::pointer).containsExactly("/items", "/name");
    }

    @Test
    void array_absent_emptyWithoutError() {
        MemberErrors errors = new MemberErrors();
        assertThat(errors.array(null, "/items", 2)).isEmpty();
        assertThat(errors.none()).isTrue();
    }

    @Test
    void escape_tildeAndSlash_escapedPerRfc6901() {
        assertThat(MemberErrors.escape("a/b~c")).isEqualTo("a~1b~0c");
    }
}
