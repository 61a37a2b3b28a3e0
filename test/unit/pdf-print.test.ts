import { describe, expect, it } from 'vitest';
import { PDF_PAGE, printDocumentHtml } from '../../contracts/print-document-html.js';
import { printDocument } from '../../contracts/print-document.js';
import { mayLoadWhilePrinting, PDF_PRINT_PARTITION, pdfPrintOptions, pdfPrintWindowOptions } from '../../main/pdf-print-options.js';
import { findPrintingChromium, NoPrinterError } from '../../server/print/chromium-pdf-printer.js';

describe('the printed page (both printers lay out the same HTML)', () => {
  const html = printDocumentHtml({
    title: 'Transcript <b>&',
    lang: 'pl',
    blocks: [
      { kind: 'heading', level: 1, text: 'Łukasz Żółć' },
      { kind: 'turn', time: '00:05', speaker: 'Candidate', text: '<img src=x onerror=alert(1)> "quoted" & \'single\'' },
      { kind: 'table', header: ['Criterion'], rows: [['<script>']] },
    ],
  });

  it('is text only: every character of the document is escaped, and the page may load nothing', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    expect(html).toContain('<title>Transcript &lt;b&gt;&amp;</title>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('<html lang="pl">');
  });

  it('lets each paragraph take its own direction, so right-to-left words read right to left', () => {
    expect(html).toContain('<h1 dir="auto">Łukasz Żółć</h1>');
    expect(html).toMatch(/<div class="turn"><div class="who" dir="auto"><time>\[00:05\]<\/time><bdi>Candidate<\/bdi><\/div><p dir="auto">/);
    expect(html).toContain('unicode-bidi: plaintext');
  });

  it('accepts only the known text blocks', () => {
    expect(printDocument.safeParse({ title: 'x', blocks: [{ kind: 'html', html: '<b>' }] }).success).toBe(false);
    expect(printDocument.safeParse({ title: 'x', lang: 'en"><script>', blocks: [] }).success).toBe(false);
    expect(printDocument.safeParse({ title: 'x', blocks: [{ kind: 'paragraph', text: 'ok', extra: 1 }] }).success).toBe(false);
  });
});

describe("the desktop's printer (Electron printToPDF)", () => {
  it('prints A4 with the shared margins (in inches), the footer, tags and an outline', () => {
    const options = pdfPrintOptions('Interview transcript: 王芳');
    expect(options.pageSize).toBe('A4');
    expect(options.margins).toEqual({ top: PDF_PAGE.marginMm.top / 25.4, right: PDF_PAGE.marginMm.right / 25.4, bottom: PDF_PAGE.marginMm.bottom / 25.4, left: PDF_PAGE.marginMm.left / 25.4 });
    expect(options.displayHeaderFooter).toBe(true);
    expect(options.footerTemplate).toContain('Interview transcript: 王芳');
    expect(options.footerTemplate).toContain('class="pageNumber"');
    expect(options.generateTaggedPDF).toBe(true);
  });

  it('uses a hidden window with no scripts, no preload and its own session, loading only the printed file', () => {
    expect(pdfPrintWindowOptions.show).toBe(false);
    expect(pdfPrintWindowOptions.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, partition: PDF_PRINT_PARTITION });
    expect(pdfPrintWindowOptions.webPreferences?.preload).toBeUndefined();
    expect(mayLoadWhilePrinting('file:///tmp/p/document.html', 'file:///tmp/p/document.html')).toBe(true);
    expect(mayLoadWhilePrinting('https://example.com/x.png', 'file:///tmp/p/document.html')).toBe(false);
    expect(mayLoadWhilePrinting('file:///etc/passwd', 'file:///tmp/p/document.html')).toBe(false);
  });
});

describe("web mode's printer finds the installed Chromium", () => {
  it('takes CHROMIUM_PATH when it exists, else the first installed browser, else says what to install', () => {
    expect(findPrintingChromium('/opt/chrome', 'linux', {}, (path) => path === '/opt/chrome')).toBe('/opt/chrome');
    expect(() => findPrintingChromium('/opt/missing', 'linux', {}, () => false)).toThrow(new NoPrinterError('CHROMIUM_PATH points to /opt/missing, which does not exist'));
    expect(findPrintingChromium(undefined, 'linux', {}, (path) => path === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
    expect(() => findPrintingChromium(undefined, 'darwin', {}, () => false)).toThrow(/install Chrome, or set CHROMIUM_PATH/);
  });
});
