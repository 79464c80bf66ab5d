/**
 * The customer's tracking link (docs/domain.md#jewelry-after-sales):
 * what a token in the address may look like. No server imports.
 */

/** Random bytes in base64url; new tokens are 32 bytes (43 characters), older or test ones may be shorter. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export function isTrackingToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** Requests one client address may make to the tracking pages per minute. */
export const TRACKING_REQUESTS_PER_MINUTE = 30;
