/**
 * Frozen shapes of old event versions, one record per (event type, old version), named
 * {@code <Type>V<version>} (e.g. {@code TicketCreatedV1}).
 *
 * <p>Each is a verbatim copy of the event record as that version had it: the same components in
 * the same order, with copies of nested types whose shape changed too. The journal codec decodes
 * old bytes into it with the same reflective codec as today's records, then its {@code upcast()}
 * turns it into today's record. Registered in {@link io.switchboard.store.EventTypes} (the class
 * comment there has the worked example); its shape stays pinned in
 * {@code src/test/resources/event-shapes.txt} under the old version's line, so it can never drift.
 *
 * <p>Never edit a record here once released: journals in the field hold its bytes. Records must be
 * public (the codec reads them through public method handles). No record lives here yet: schema 1
 * (225d425) wrote every type at version 1, which is still each type's current version.
 */
package io.switchboard.store.legacy;
