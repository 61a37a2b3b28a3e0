import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Candidate voices for tests: real synthetic speech from espeak-ng (converted by sox), laid out on
 * a timeline as the WAV Chromium plays as its fake microphone, or as PCM for the Node page.
 */
export function espeakPcm(text: string, dir: string, sampleRate: number, name: string): Int16Array {
  const wav = join(dir, `${name}.wav`);
  const raw = join(dir, `${name}-${sampleRate}.raw`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wav, text]);
  execFileSync('sox', [wav, '-r', String(sampleRate), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', raw]);
  const bytes = readFileSync(raw);
  const samples = new Int16Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
  return trimSilence(samples, sampleRate);
}

/** Cuts leading and trailing near-silence, so a clip's length is its speech. */
export function trimSilence(samples: Int16Array, sampleRate: number, threshold = 300): Int16Array {
  const window = Math.round(sampleRate / 100);
  const loud = (at: number): boolean => {
    let sum = 0;
    for (let i = at; i < Math.min(samples.length, at + window); i++) sum += (samples[i] as number) ** 2;
    return Math.sqrt(sum / window) > threshold;
  };
  let start = 0;
  while (start < samples.length && !loud(start)) start += window;
  let end = samples.length;
  while (end > start && !loud(Math.max(start, end - window))) end -= window;
  return samples.slice(start, end);
}

/** A speech-like tone burst (a voiced 150 Hz buzz with a syllable rhythm), for the benchmark. */
export function synthSpeech(seconds: number, sampleRate = 16_000, amplitude = 6000): Int16Array {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) {
    const t = i / sampleRate;
    const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 5 * t);
    samples[i] = Math.round(amplitude * envelope * (0.7 * Math.sin(2 * Math.PI * 150 * t) + 0.3 * Math.sin(2 * Math.PI * 450 * t)));
  }
  return samples;
}

export interface TimelineClip {
  atSeconds: number;
  samples: Int16Array;
}

/** Writes a mono 16-bit WAV with each clip placed at its time and silence elsewhere. */
export function writeTimelineWav(path: string, clips: TimelineClip[], totalSeconds: number, sampleRate: number): void {
  const data = new Int16Array(Math.round(totalSeconds * sampleRate));
  for (const clip of clips) data.set(clip.samples.subarray(0, Math.max(0, data.length - Math.round(clip.atSeconds * sampleRate))), Math.round(clip.atSeconds * sampleRate));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.byteLength, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.byteLength, 40);
  writeFileSync(path, Buffer.concat([header, Buffer.from(data.buffer)]));
}
