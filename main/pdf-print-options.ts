import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { PDF_EMPTY_HEADER, PDF_PAGE, pdfFooterTemplate } from '../contracts/print-document-html.js';

/**
 * How the desktop prints a document to PDF: a hidden window with no scripts, no preload and its own
 * in-memory session, loading one local file; then Chromium's own `printToPDF` with the same paper,
 * margins and footer as web mode's printer (contracts/print-document-html.ts).
 */
export const PDF_PRINT_PARTITION = 'pdf-print';

export const pdfPrintWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  width: 794,
  height: 1123,
  webPreferences: {
    partition: PDF_PRINT_PARTITION,
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  },
};

const MM_PER_INCH = 25.4;

export function pdfPrintOptions(title: string): PrintToPDFOptions {
  const { marginMm } = PDF_PAGE;
  return {
    pageSize: PDF_PAGE.format,
    margins: { top: marginMm.top / MM_PER_INCH, right: marginMm.right / MM_PER_INCH, bottom: marginMm.bottom / MM_PER_INCH, left: marginMm.left / MM_PER_INCH },
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: PDF_EMPTY_HEADER,
    footerTemplate: pdfFooterTemplate(title),
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  };
}

/** The print window may load only the one file being printed. */
export function mayLoadWhilePrinting(url: string, printedFileUrl: string): boolean {
  return url === printedFileUrl;
}
