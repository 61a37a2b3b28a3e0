/**
 * The two values the bot (Node) and its pages (Chromium) share about their audio bridge; the
 * message types are in bot/transports/bridge-protocol.ts, which the pages import as types only.
 */
export const BRIDGE_PATH = '/bridge';
/** 16 kHz mono int16 little-endian PCM in both directions. */
export const BRIDGE_SAMPLE_RATE = 16_000;
