import { connect, type Socket } from 'node:net';

/**
 * One HTTP/1.1 keep-alive connection that sends a GET and reads its reply with as little work as
 * possible: the status line and headers are parsed, a success body is only counted. The load
 * generator shares two cores with the server it measures, so its own cost per reply (node:http's
 * parser, an IncomingMessage and a stream per reply) shows up in the server's tail latency, which is
 * why dedicated load tools keep to a raw socket too. Content-Length and chunked bodies are both read,
 * because the PostgREST peer is measured through it as well.
 */
export interface Reply {
  status: number;
  /** The first bytes of the body, kept only when `keepBody` said so (for error samples). */
  body: string | null;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const BODY_SAMPLE_BYTES = 300;

type Phase = { kind: 'head' } | { kind: 'length'; left: number } | { kind: 'chunk-size' } | { kind: 'chunk-data'; left: number } | { kind: 'trailers' };

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  keepBody: (status: number) => boolean;
}

export class KeepAliveConnection {
  private socket: Socket | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private phase: Phase = { kind: 'head' };
  private pending: Pending | null = null;
  private status = 0;
  private closeAfter = false;
  private sample: Buffer[] | null = null;
  private sampleBytes = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    /** Request headers after the request line, each ending in CRLF. */
    private readonly headerBlock: string,
  ) {}

  get(path: string, keepBody: (status: number) => boolean): Promise<Reply> {
    if (this.pending) return Promise.reject(new Error('one request at a time on a connection'));
    return new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject, keepBody };
      this.phase = { kind: 'head' };
      this.socket ??= this.open();
      this.socket.write(`GET ${path} HTTP/1.1\r\n${this.headerBlock}\r\n`, 'latin1');
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    const fail = (error: Error): void => {
      // A socket closed after its last reply (Connection: close) has no request of its own left.
      if (this.socket !== socket) return;
      this.socket = null;
      this.buffered = Buffer.alloc(0);
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection before answering')));
    return socket;
  }

  private receive(chunk: Buffer): void {
    let data = this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = Buffer.alloc(0);
    while (data.length > 0 && this.pending) {
      let used: number;
      try {
        used = this.step(data);
      } catch (error) {
        this.socket?.destroy(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (used < 0) {
        // Not enough bytes yet for the next line or header block.
        this.buffered = data;
        return;
      }
      data = data.subarray(used);
    }
  }

  /** Consumes what it can of `data` for the current phase; -1 when it needs more bytes. */
  private step(data: Buffer): number {
    const phase = this.phase;
    switch (phase.kind) {
      case 'head': {
        const end = data.indexOf(HEADER_END);
        if (end < 0) return -1;
        this.readHead(data.toString('latin1', 0, end));
        return end + HEADER_END.length;
      }
      case 'length': {
        const used = Math.min(phase.left, data.length);
        this.keep(data.subarray(0, used));
        phase.left -= used;
        if (phase.left === 0) this.finish();
        return used;
      }
      case 'chunk-size': {
        const end = data.indexOf(CRLF);
        if (end < 0) return -1;
        const size = Number.parseInt(data.toString('latin1', 0, end).split(';')[0] ?? '', 16);
        if (!Number.isFinite(size)) throw new Error('malformed chunk size');
        // A chunk's data is followed by CRLF, counted here so one phase reads both.
        this.phase = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', left: size + CRLF.length };
        return end + CRLF.length;
      }
      case 'chunk-data': {
        const used = Math.min(phase.left, data.length);
        this.keep(data.subarray(0, Math.min(used, Math.max(0, phase.left - CRLF.length))));
        phase.left -= used;
        if (phase.left === 0) this.phase = { kind: 'chunk-size' };
        return used;
      }
      case 'trailers': {
        const end = data.indexOf(CRLF);
        if (end < 0) return -1;
        if (end === 0) this.finish();
        return end + CRLF.length;
      }
    }
  }

  private readHead(head: string): void {
    const lines = head.split('\r\n');
    this.status = Number((lines[0] ?? '').split(' ')[1]);
    let length: number | null = null;
    let chunked = false;
    this.closeAfter = false;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'connection') this.closeAfter = value === 'close';
    }
    this.sample = this.pending?.keepBody(this.status) ? [] : null;
    this.sampleBytes = 0;
    if (chunked) this.phase = { kind: 'chunk-size' };
    else if (length !== null && length > 0) this.phase = { kind: 'length', left: length };
    else this.finish();
  }

  private keep(bytes: Buffer): void {
    if (!this.sample || this.sampleBytes >= BODY_SAMPLE_BYTES) return;
    this.sample.push(Buffer.from(bytes));
    this.sampleBytes += bytes.length;
  }

  private finish(): void {
    const pending = this.pending;
    this.pending = null;
    this.phase = { kind: 'head' };
    const body = this.sample ? Buffer.concat(this.sample).toString('utf8').slice(0, BODY_SAMPLE_BYTES) : null;
    this.sample = null;
    if (this.closeAfter) this.close();
    pending?.resolve({ status: this.status, body });
  }
}
