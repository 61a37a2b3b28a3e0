/** IPC channel names, written once with the bridge they serve. */
export { OPEN_EXTERNAL_CHANNEL, PRINT_PDF_CHANNEL } from '../contracts/desktop-bridge.js';
