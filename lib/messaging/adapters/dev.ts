import { randomUUID } from "node:crypto";
import { maskRecipient } from "../masking";
import { CHANNELS, type Channel, type ChannelAdapter, type ChannelAdapters, type OutgoingMessage } from "./types";

/** What the development adapters were asked to send, newest last. */
export type DevRecording = OutgoingMessage & { providerMessageId: string; at: Date };

export type DevAdapters = ChannelAdapters & {
  /** Every message "sent" through these adapters. */
  readonly sent: DevRecording[];
};

/**
 * Adapters that send nothing: each message is recorded in memory and logged in one line (address
 * masked), so development and tests see what would have gone out. The default when no provider is
 * configured (ATRIUM_MESSAGING=dev or unset).
 */
export function createDevAdapters(options: { log?: (line: string) => void } = {}): DevAdapters {
  const log = options.log ?? ((line: string) => console.log(line));
  const sent: DevRecording[] = [];
  const adapter = <C extends Channel>(channel: C): ChannelAdapter<C> => ({
    channel,
    name: "dev",
    async send(message) {
      const providerMessageId = `dev-${randomUUID()}`;
      sent.push({ ...message, providerMessageId, at: new Date() } as DevRecording);
      log(
        `[messaging:dev] ${channel} ${message.templateCode} (${message.locale}) to ${maskRecipient(channel, message.to)}: ${message.id}`,
      );
      return { providerMessageId };
    },
  });
  const adapters = Object.fromEntries(CHANNELS.map((channel) => [channel, adapter(channel)])) as ChannelAdapters;
  return { ...adapters, sent };
}
