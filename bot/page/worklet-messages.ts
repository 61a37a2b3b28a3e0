/** Messages between the bridge's main-thread code and its two audio worklet processors. */
export type PlayerCommand = { type: 'audio'; samples: Int16Array } | { type: 'clear'; id: number };

export type PlayerReport =
  | { type: 'played'; samples: number; peak: number; sumSquares: number }
  | { type: 'cleared'; id: number; samples: number; peak: number; sumSquares: number };

/** Capture frames: 10 ms of 16 kHz mono int16 (WebRTC's own frame; a longer one delays every turn end). */
export const CAPTURE_FRAME_SAMPLES = 160;
