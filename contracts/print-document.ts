import { z } from 'zod';

/**
 * A document the console prints to PDF (a transcript, a session report): plain text in a few block
 * kinds, never HTML. The printer (Electron's `printToPDF` on the desktop, the installed Chromium in
 * web mode) lays it out with `printDocumentHtml`, so both print the same page and no markup or
 * address from a transcript can reach the browser that prints it.
 */
const text = z.string().max(100_000);
const shortText = z.string().max(2_000);

export const printBlock = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('heading'), level: z.union([z.literal(1), z.literal(2), z.literal(3)]), text: shortText }),
  z.strictObject({ kind: z.literal('facts'), items: z.array(z.strictObject({ label: shortText, value: shortText })).max(50) }),
  z.strictObject({ kind: z.literal('paragraph'), text, muted: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('list'), items: z.array(text).max(1_000) }),
  z.strictObject({
    kind: z.literal('table'),
    header: z.array(shortText).min(1).max(10),
    rows: z.array(z.array(shortText).max(10)).max(500),
  }),
  /** One transcript segment: when, who, what was said. */
  z.strictObject({ kind: z.literal('turn'), time: z.string().max(20), speaker: shortText, text }),
]);
export type PrintBlock = z.infer<typeof printBlock>;

export const printDocument = z.strictObject({
  title: shortText.min(1),
  /** The document's main language (BCP 47), so Chromium picks fitting glyphs (e.g. Japanese kanji). */
  lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
  blocks: z.array(printBlock).max(20_000),
});
export type PrintDocument = z.infer<typeof printDocument>;

/** The reply of `POST /api/voice/print/pdf`: the PDF's bytes, base64 inside the usual envelope. */
export interface PrintedPdf {
  pdfBase64: string;
  bytes: number;
}
