import { DeliveryError } from "./types";

/** How long a provider's HTTP API may take to answer before the attempt counts as failed (and is retried). */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** The first characters of a provider's answer, for the outbox's last_error. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

/**
 * POSTs JSON and returns the status and body text. A network error or a timeout is a temporary
 * DeliveryError (the message is retried): the provider may be down for a moment.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = PROVIDER_TIMEOUT_MS,
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", accept: "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    // Never the URL: WeChat's carries the access token.
    const reason = error instanceof Error ? (error.name === "TimeoutError" ? "timed out" : error.message) : "failed";
    throw new DeliveryError(`request ${reason}`, false);
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new DeliveryError(`HTTP ${response.status}: the answer could not be read`, false);
  }
  return { status: response.status, text };
}

/** Whether an HTTP status means "try again later": 5xx, 408 request timeout, 429 too many requests. */
export function isTemporaryStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
