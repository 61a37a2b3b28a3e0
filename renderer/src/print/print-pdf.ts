import type { PrintDocument, PrintedPdf } from '../../../contracts/print-document.js';
import { apiPost } from '../api/api-client.js';
import { desktopBridge } from '../desktop/desktop-bridge.js';

/**
 * Prints a document to PDF with Chromium: the desktop's own (Electron's `printToPDF`, through the
 * preload bridge), or in a browser the server's (the installed Chromium it also runs bots with).
 * Either way Chromium shapes and embeds every script, so names like Łukasz Żółć, Nguyễn, 王芳 or
 * right-to-left Arabic and Hebrew come out as written, searchable.
 */
export async function printPdf(document: PrintDocument): Promise<Uint8Array> {
  const bridge = desktopBridge();
  if (bridge?.printPdf) return bridge.printPdf(document);
  const { data } = await apiPost<PrintedPdf>('/api/voice/print/pdf', document);
  return base64Bytes(data.pdfBase64);
}

export function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
