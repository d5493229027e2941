/**
 * Feature Store's rule for deletes, checked before sending one: a delete takes effect only when its
 * event time is newer than the stored record's. An older soft delete is silently ignored by AWS
 * and an older hard delete fails, so fshare refuses both up front with the reason.
 */
export const DELETE_RULE =
  "AWS deletes a record only when the delete's event time is newer than the stored record's: an older soft delete is silently ignored, an older hard delete fails.";

/** Event times compare as instants: Unix seconds or ISO-8601, whichever the feature uses. */
export function eventInstant(text: string): number {
  return /^[-+]?\d/.test(text) && !text.includes('T') ? Number(text) * 1000 : Date.parse(text);
}

/** True when a delete at `deleteTime` would not be newer than the stored record's event time. */
export function isStaleDelete(deleteTime: string, storedTime: string | undefined): boolean {
  return storedTime !== undefined && eventInstant(deleteTime) <= eventInstant(storedTime);
}
