/**
 * Pulls the value of one top-level string field out of a JSON object that arrives in pieces
 * (a tool call's arguments), decoding escapes as it goes. This is what lets the bot speak a
 * follow-up question while the LLM is still writing it, instead of waiting for the closing brace.
 *
 * It is a small state machine over the top level of the object: keys are read whole, values of
 * other fields are skipped (strings, numbers, nested objects and arrays), and only the wanted
 * field's characters are emitted.
 */
export class JsonStringFieldStream {
  private state: 'before-key' | 'in-key' | 'after-key' | 'before-value' | 'in-value' | 'skip-string' | 'skip-nested' | 'skip-scalar' | 'done' =
    'before-key';
  private key = '';
  private escape: string | null = null;
  private depth = 0;
  private skipInString = false;
  private skipEscape = false;
  private wanted = false;
  private emitted = '';

  constructor(private readonly field: string) {}

  /** The decoded text so far. */
  get text(): string {
    return this.emitted;
  }

  /** Feeds more of the JSON; returns the newly decoded characters of the field (maybe ''). */
  push(chunk: string): string {
    let out = '';
    for (const char of chunk) out += this.step(char);
    this.emitted += out;
    return out;
  }

  private step(char: string): string {
    switch (this.state) {
      case 'before-key':
        if (char === '"') {
          this.state = 'in-key';
          this.key = '';
        }
        return '';
      case 'in-key':
        if (this.escape !== null) {
          this.key += char;
          this.escape = null;
        } else if (char === '\\') this.escape = '';
        else if (char === '"') this.state = 'after-key';
        else this.key += char;
        return '';
      case 'after-key':
        if (char === ':') this.state = 'before-value';
        return '';
      case 'before-value':
        if (/\s/.test(char)) return '';
        if (char === '"') {
          this.wanted = this.key === this.field;
          this.state = this.wanted ? 'in-value' : 'skip-string';
          this.skipEscape = false;
        } else if (char === '{' || char === '[') {
          this.state = 'skip-nested';
          this.depth = 1;
          this.skipInString = false;
        } else this.state = 'skip-scalar';
        return '';
      case 'in-value':
        return this.valueChar(char);
      case 'skip-string':
        if (this.skipEscape) this.skipEscape = false;
        else if (char === '\\') this.skipEscape = true;
        else if (char === '"') this.state = 'before-key';
        return '';
      case 'skip-nested':
        if (this.skipInString) {
          if (this.skipEscape) this.skipEscape = false;
          else if (char === '\\') this.skipEscape = true;
          else if (char === '"') this.skipInString = false;
        } else if (char === '"') this.skipInString = true;
        else if (char === '{' || char === '[') this.depth++;
        else if (char === '}' || char === ']') {
          this.depth--;
          if (this.depth === 0) this.state = 'before-key';
        }
        return '';
      case 'skip-scalar':
        if (char === ',') this.state = 'before-key';
        return '';
      case 'done':
        return '';
    }
  }

  private valueChar(char: string): string {
    if (this.escape === null) {
      if (char === '\\') {
        this.escape = '';
        return '';
      }
      if (char === '"') {
        this.state = 'done';
        return '';
      }
      return char;
    }
    if (this.escape === '') {
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (char === 'u') {
        this.escape = 'u';
        return '';
      }
      this.escape = null;
      return simple[char] ?? char;
    }
    // Inside \uXXXX: collect four hex digits. (Surrogate pairs come out as two halves, which join.)
    this.escape += char;
    if (this.escape.length < 5) return '';
    const code = Number.parseInt(this.escape.slice(1), 16);
    this.escape = null;
    return Number.isNaN(code) ? '' : String.fromCharCode(code);
  }
}
