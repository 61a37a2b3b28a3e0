import { printDocument, type PrintedPdf } from '../../contracts/print-document.js';
import { ApiFailure } from '../http/api-failure.js';
import type { Router } from '../http/router.js';
import { validate } from '../http/validate.js';
import { NoPrinterError, type PdfPrinter } from '../print/chromium-pdf-printer.js';

/**
 * Web mode's PDF export: the console sends the document as text blocks (never HTML) and gets the PDF
 * Chromium printed. The desktop prints through Electron instead and does not call this.
 */
export function registerPrintRoutes(router: Router, printer: PdfPrinter): void {
  router.add('POST', '/api/voice/print/pdf', async (ctx) => {
    const document = validate(printDocument, await ctx.body());
    try {
      const pdf = await printer.print(document);
      const reply: PrintedPdf = { pdfBase64: Buffer.from(pdf).toString('base64'), bytes: pdf.length };
      return { data: reply };
    } catch (error) {
      if (error instanceof NoPrinterError) throw new ApiFailure(503, 'PDF_PRINTER_UNAVAILABLE', error.message);
      throw error;
    }
  });
}
