import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumCandidates } from '../../contracts/chromium-candidates.js';
import { PDF_EMPTY_HEADER, PDF_PAGE, pdfFooterTemplate, printDocumentHtml } from '../../contracts/print-document-html.js';
import type { PrintDocument } from '../../contracts/print-document.js';

/**
 * Prints a document to PDF with the Chromium already installed on this machine (the one local bots
 * use: CHROMIUM_PATH, else Chrome, Chromium or Edge where they usually live), driven by
 * playwright-core. This is web mode's printer; the desktop prints with Electron's own Chromium.
 * One browser per print, closed after it: exports are occasional, and nothing is left running.
 */
export interface PdfPrinter {
  print(document: PrintDocument): Promise<Uint8Array>;
}

export class NoPrinterError extends Error {
  override name = 'NoPrinterError';
}

export function findPrintingChromium(
  configured: string | undefined,
  platform: string = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  if (configured) {
    if (!exists(configured)) throw new NoPrinterError(`CHROMIUM_PATH points to ${configured}, which does not exist`);
    return configured;
  }
  const found = chromiumCandidates(platform, env).find(exists);
  if (!found) throw new NoPrinterError('No Chrome, Chromium or Edge is installed here to print the PDF: install Chrome, or set CHROMIUM_PATH');
  return found;
}

// No network, no updates, no GPU: the page is text and inline CSS, and the browser lives for one print.
const FLAGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--no-first-run'];

export function chromiumPdfPrinter(executablePath: () => string): PdfPrinter {
  // Prints run one at a time: each is a whole browser, and the machine may have two cores.
  let queue: Promise<unknown> = Promise.resolve();
  const printOne = async (document: PrintDocument): Promise<Uint8Array> => {
    const path = executablePath();
    const browser = await chromium
      .launch({
        executablePath: path,
        headless: true,
        // Chromium's sandbox cannot start as root (CI, containers); elsewhere it stays on.
        args: [...FLAGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      })
      .catch((error: unknown) => {
        throw new NoPrinterError(`The browser at ${path} could not start to print the PDF (${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'})`);
      });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(printDocumentHtml(document), { waitUntil: 'load' });
      const { marginMm } = PDF_PAGE;
      const pdf = await page.pdf({
        format: PDF_PAGE.format,
        margin: { top: `${marginMm.top}mm`, right: `${marginMm.right}mm`, bottom: `${marginMm.bottom}mm`, left: `${marginMm.left}mm` },
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: PDF_EMPTY_HEADER,
        footerTemplate: pdfFooterTemplate(document.title),
        tagged: true,
        outline: true,
      });
      return new Uint8Array(pdf);
    } finally {
      await browser.close();
    }
  };
  return {
    print(document) {
      const result = queue.then(() => printOne(document));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
