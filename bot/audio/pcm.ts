/**
 * PCM helpers. The whole pipeline speaks one format: 16 kHz mono signed 16-bit little-endian,
 * what Deepgram is asked to accept, what Cartesia is asked to produce, and what the page bridge
 * captures and plays. One format means no resampling in Node.
 */
export const SAMPLE_RATE = 16_000;
export const BYTES_PER_SAMPLE = 2;

export function samplesToSeconds(samples: number, sampleRate = SAMPLE_RATE): number {
  return samples / sampleRate;
}

export function secondsToSamples(seconds: number, sampleRate = SAMPLE_RATE): number {
  return Math.round(seconds * sampleRate);
}

/** Views a little-endian byte buffer as samples without copying when it is aligned. */
export function int16FromBytes(bytes: Uint8Array): Int16Array {
  const usable = bytes.byteLength - (bytes.byteLength % BYTES_PER_SAMPLE);
  if (bytes.byteOffset % BYTES_PER_SAMPLE === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, usable / BYTES_PER_SAMPLE);
  const copy = new Uint8Array(usable);
  copy.set(bytes.subarray(0, usable));
  return new Int16Array(copy.buffer);
}

export function bytesFromInt16(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Root mean square on the int16 scale (0..32767). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** dBFS of an int16 RMS value; silence is -Infinity. */
export function dbfs(rmsValue: number): number {
  return rmsValue <= 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rmsValue / 32768);
}
