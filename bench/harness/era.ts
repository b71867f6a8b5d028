import { Client } from '@modelcontextprotocol/client';

/*
 * The two protocol eras every comparison is measured in, with the SDK v2 `Client` configured as
 * clients of each era are: `modern` pins 2026-07-28 (a `server/discover` probe, then stateless
 * requests carrying their `_meta` envelope); `legacy` is the client's default mode (the 2025
 * `initialize` handshake, no probe).
 */

export type Era = 'modern' | 'legacy';

export const ERAS: readonly Era[] = ['modern', 'legacy'];

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

export const ERA_LABEL: Record<Era, string> = {
  modern: `${MODERN_PROTOCOL_VERSION} client`,
  legacy: '2025 client (`initialize`)',
};

/** A fresh SDK client speaking `era`. */
export function newClient(era: Era): Client {
  return new Client({ name: 'bench', version: '1.0.0' }, era === 'modern' ? { versionNegotiation: { mode: { pin: MODERN_PROTOCOL_VERSION } } } : {});
}

/** Fails loudly when a connection did not land on the era it was meant to measure. */
export function assertEra(client: Client, era: Era): void {
  const landed = client.getProtocolEra();
  if (landed !== era) throw new Error(`the client connected on the ${String(landed)} era, not ${era}`);
}
