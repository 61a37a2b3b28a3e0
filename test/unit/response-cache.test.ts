import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../server/http/response-cache.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('ResponseCache', () => {
  it('answers only for the data version the reply was made at', () => {
    const cache = new ResponseCache();
    cache.set('list', '1:10', bytes('{"a":1}'));
    expect(cache.get('list', '1:10')?.toString()).toBe('{"a":1}');
    expect(cache.get('list', '1:11')).toBeNull();
    // A stale entry is dropped, not kept for the old version.
    expect(cache.get('list', '1:10')).toBeNull();
  });

  it('bounds entries, least recently used out first', () => {
    const cache = new ResponseCache(2, 1024);
    cache.set('a', 'v', bytes('A'));
    cache.set('b', 'v', bytes('B'));
    expect(cache.get('a', 'v')).not.toBeNull();
    cache.set('c', 'v', bytes('C'));
    expect(cache.get('b', 'v')).toBeNull();
    expect(cache.get('a', 'v')?.toString()).toBe('A');
    expect(cache.get('c', 'v')?.toString()).toBe('C');
  });

  it('counts UTF-8 bytes against its byte bound, and keeps no reply over a quarter of it', () => {
    // 40 characters, 80 bytes: five fit in 400 bytes; counted as characters, ten would.
    const twoByte = 'é'.repeat(40);
    const cache = new ResponseCache(100, 400);
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, 'v', bytes(twoByte));
    expect(cache.get('a', 'v')).not.toBeNull();
    cache.set('f', 'v', bytes(twoByte));
    expect(cache.get('b', 'v')).toBeNull();
    expect(cache.get('a', 'v')).not.toBeNull();
    cache.set('big', 'v', bytes('x'.repeat(101)));
    expect(cache.get('big', 'v')).toBeNull();
  });
});
