/**
 * Phoenix channel frames as Supabase Realtime reads and writes them (its V1 JSON and V2
 * serializers). What a client sends:
 *  - vsn 1.0.0: text `{"topic","event","payload","ref","join_ref"}`;
 *  - vsn 2.0.0: text `[join_ref, ref, topic, event, payload]`, or binary "user broadcast push"
 *    (kind 3): kind, join_ref/ref/topic/user event/metadata sizes, payload encoding (0 binary,
 *    1 JSON), then those strings and the raw user payload.
 * What the server sends to a vsn 2.0.0 client: text arrays, or binary "user broadcast" (kind 4):
 * kind, topic/user event/metadata sizes, payload encoding, the strings, the raw payload. A vsn
 * 1.0.0 client gets objects, and a user broadcast converted to JSON (binary payloads cannot be).
 */
export type Vsn = '1.0.0' | '2.0.0';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A client broadcast as the V2 serializer hands it on: the user payload stays encoded. */
export interface UserBroadcast {
  userEvent: string;
  encoding: 'json' | 'binary';
  /** The user payload's bytes (UTF-8 JSON when encoding is json). */
  payload: Buffer;
}

export interface InboundMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: JsonObject | UserBroadcast;
}

export interface OutboundMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: JsonObject;
}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;

export class FrameError extends Error {}

export function isUserBroadcast(payload: JsonObject | UserBroadcast): payload is UserBroadcast {
  return Buffer.isBuffer((payload as Partial<UserBroadcast>).payload) && typeof (payload as Partial<UserBroadcast>).userEvent === 'string';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new FrameError('ref must be a string or null');
}

function fromParts(joinRef: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown): InboundMessage {
  if (typeof topic !== 'string' || typeof event !== 'string') throw new FrameError('topic and event must be strings');
  if (!isObject(payload)) throw new FrameError('payload must be an object');
  return { joinRef: refOf(joinRef), ref: refOf(ref), topic, event, payload };
}

export function decodeText(text: string, vsn: Vsn): InboundMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FrameError('frame is not JSON');
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length < 5) throw new FrameError('expected V2 array');
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    return fromParts(joinRef, ref, topic, event, payload);
  }
  if (!isObject(parsed)) throw new FrameError('expected V1 object');
  return fromParts(parsed.join_ref, parsed.ref, parsed.topic, parsed.event, parsed.payload);
}

/** A binary frame: only the user broadcast push exists from client to server in Realtime. */
export function decodeBinary(data: Buffer): InboundMessage {
  if (data.length < 7 || data[0] !== USER_BROADCAST_PUSH) throw new FrameError(`unknown binary frame kind ${data[0] ?? 'none'}`);
  const sizes = [data[1], data[2], data[3], data[4], data[5]] as [number, number, number, number, number];
  const encoding = data[6];
  let offset = 7;
  const take = (size: number): string => {
    if (offset + size > data.length) throw new FrameError('binary frame shorter than its header says');
    const part = data.subarray(offset, offset + size).toString('utf8');
    offset += size;
    return part;
  };
  const [joinRef, ref, topic, userEvent, metadata] = sizes.map(take) as [string, string, string, string, string];
  if (metadata.length > 0) {
    try {
      JSON.parse(metadata);
    } catch {
      throw new FrameError('binary frame metadata is not JSON');
    }
  }
  const payload = Buffer.from(data.subarray(offset));
  if (encoding === 1) {
    try {
      JSON.parse(payload.toString('utf8'));
    } catch {
      throw new FrameError('JSON-encoded user payload is not JSON');
    }
  } else if (encoding !== 0) {
    throw new FrameError(`unknown payload encoding ${String(encoding)}`);
  }
  return {
    joinRef: joinRef === '' ? null : joinRef,
    ref: ref === '' ? null : ref,
    topic,
    event: 'broadcast',
    payload: { userEvent, encoding: encoding === 1 ? 'json' : 'binary', payload },
  };
}

export function encodeText(message: OutboundMessage, vsn: Vsn): string {
  if (vsn === '2.0.0') return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
  return JSON.stringify({ topic: message.topic, event: message.event, payload: message.payload, ref: message.ref, join_ref: message.joinRef });
}

function byteSize(value: string, what: string): number {
  const size = Buffer.byteLength(value, 'utf8');
  if (size > 255) throw new FrameError(`${what} is longer than 255 bytes`);
  return size;
}

/** Kind 4, to a vsn 2.0.0 client: Realtime relays a client's user broadcast push this way. */
export function encodeUserBroadcast(topic: string, broadcast: UserBroadcast): Buffer {
  const header = Buffer.from([
    USER_BROADCAST,
    byteSize(topic, 'topic'),
    byteSize(broadcast.userEvent, 'user event'),
    0,
    broadcast.encoding === 'json' ? 1 : 0,
  ]);
  return Buffer.concat([header, Buffer.from(topic, 'utf8'), Buffer.from(broadcast.userEvent, 'utf8'), broadcast.payload]);
}

/** A user broadcast as JSON (vsn 1.0.0 clients); null when its payload is binary, which V1 cannot carry. */
export function userBroadcastAsJson(broadcast: UserBroadcast): JsonObject | null {
  if (broadcast.encoding !== 'json') return null;
  return { type: 'broadcast', event: broadcast.userEvent, payload: JSON.parse(broadcast.payload.toString('utf8')) as JsonValue };
}
