// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintDocument } from '../../contracts/print-document.js';
import { base64Bytes, printPdf } from '../../renderer/src/print/print-pdf.js';

const document: PrintDocument = { title: 'Interview transcript: 王芳', blocks: [{ kind: 'turn', time: '00:01', speaker: 'Candidate', text: '你好' }] };
type BridgeWindow = Window & { interviewConsole?: unknown };

afterEach(() => {
  delete (window as BridgeWindow).interviewConsole;
});

describe('printing a PDF from the console', () => {
  it("on the desktop, hands the document to Electron's printer through the preload bridge", async () => {
    const asked: unknown[] = [];
    const pdf = new Uint8Array([37, 80, 68, 70]);
    (window as BridgeWindow).interviewConsole = {
      serverUrl: 'http://127.0.0.1:1',
      appInfo: { shell: 'electron', platform: 'linux' },
      openExternal: () => Promise.resolve(false),
      printPdf: (printed: unknown) => {
        asked.push(printed);
        return Promise.resolve(pdf);
      },
    };
    expect(await printPdf(document)).toBe(pdf);
    expect(asked).toEqual([document]);
  });

  it("decodes the server's base64 reply to the PDF's bytes", () => {
    const bytes = Buffer.from('%PDF-1.7\n\u00e9', 'latin1');
    expect(Array.from(base64Bytes(bytes.toString('base64')))).toEqual(Array.from(bytes));
  });
});
