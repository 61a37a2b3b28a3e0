import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import { printDocumentHtml } from '../contracts/print-document-html.js';
import type { PrintDocument } from '../contracts/print-document.js';
import { mayLoadWhilePrinting, PDF_PRINT_PARTITION, pdfPrintOptions, pdfPrintWindowOptions } from './pdf-print-options.js';

/**
 * The desktop's PDF export: Electron's own Chromium lays the document out and prints it
 * (`webContents.printToPDF`), with the fonts of this machine. The page is written to a private
 * temporary file rather than a data: URL, which Chromium caps at 2 MB (a long transcript can be more).
 * Prints run one at a time; each window and file is gone when its print is done.
 */
export function electronPdfPrinter(): (document: PrintDocument) => Promise<Uint8Array> {
  let queue: Promise<unknown> = Promise.resolve();

  const printOne = async (document: PrintDocument): Promise<Uint8Array> => {
    const dir = await mkdtemp(join(tmpdir(), 'interview-console-print-'));
    const file = join(dir, 'document.html');
    const fileUrl = pathToFileURL(file).href;
    const printSession = session.fromPartition(PDF_PRINT_PARTITION);
    printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !mayLoadWhilePrinting(details.url, fileUrl) }));
    const window = new BrowserWindow(pdfPrintWindowOptions);
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    try {
      await writeFile(file, printDocumentHtml(document), { encoding: 'utf8', mode: 0o600 });
      await window.loadURL(fileUrl);
      return new Uint8Array(await window.webContents.printToPDF(pdfPrintOptions(document.title)));
    } finally {
      window.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };

  return (document) => {
    const result = queue.then(() => printOne(document));
    queue = result.catch(() => undefined);
    return result;
  };
}
