/** IPC channel names; preload/preload.ts repeats them (it may not import main/). */
export const OPEN_EXTERNAL_CHANNEL = 'console:open-external';
export const PRINT_PDF_CHANNEL = 'console:print-pdf';
