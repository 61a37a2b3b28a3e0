import { describe, expect, it } from 'vitest';
import { CONSOLE_COOKIE, ConsoleSessions, DEFAULT_LIFETIMES } from '../../server/http/console-sessions.js';
import { FREE_FORM_MAX_DEPTH, pathDeeperThan } from '../../contracts/free-form-json.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let at = Date.UTC(2026, 0, 1);
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('console sign-in codes and cookie sessions', () => {
  it('a code opens one session, once, and only within two minutes', () => {
    const clock = manualClock();
    const sessions = new ConsoleSessions(DEFAULT_LIFETIMES, clock.now);
    const first = sessions.issueCode();
    expect(first.expiresAt.getTime()).toBe(clock.now() + 2 * MINUTE);
    const opened = sessions.redeem(first.code);
    expect(opened).not.toBeNull();
    expect(opened?.header).toContain(`${CONSOLE_COOKIE}=${opened?.cookie}`);
    expect(opened?.header).toMatch(/HttpOnly; SameSite=Strict; Path=\/; Max-Age=604800/);
    expect(sessions.redeem(first.code), 'a second use').toBeNull();

    const late = sessions.issueCode();
    clock.advance(2 * MINUTE);
    expect(sessions.redeem(late.code), 'after two minutes').toBeNull();
    expect(sessions.redeem('made-up'), 'an unknown code').toBeNull();
  });

  it('a session ends after 12 hours unused, and is kept alive by use', () => {
    const clock = manualClock();
    const sessions = new ConsoleSessions(DEFAULT_LIFETIMES, clock.now);
    const busy = sessions.redeem(sessions.issueCode().code)?.cookie ?? null;
    const idle = sessions.redeem(sessions.issueCode().code)?.cookie ?? null;
    clock.advance(11 * HOUR);
    expect(sessions.isValid(busy)).toBe(true);
    clock.advance(1 * HOUR);
    expect(sessions.isValid(busy), 'used an hour ago').toBe(true);
    expect(sessions.isValid(idle), '12 h unused').toBe(false);
  });

  it('a session ends 7 days after it opened however busy it is', () => {
    const clock = manualClock();
    const sessions = new ConsoleSessions(DEFAULT_LIFETIMES, clock.now);
    const cookie = sessions.redeem(sessions.issueCode().code)?.cookie ?? null;
    for (let hour = 0; hour < 7 * 24 - 1; hour += 1) {
      clock.advance(HOUR);
      expect(sessions.isValid(cookie)).toBe(true);
    }
    clock.advance(HOUR);
    expect(sessions.isValid(cookie)).toBe(false);
  });

  it('signing out ends the session; expired sessions and codes are pruned', () => {
    const clock = manualClock();
    const sessions = new ConsoleSessions(DEFAULT_LIFETIMES, clock.now);
    const kept = sessions.redeem(sessions.issueCode().code)?.cookie ?? null;
    const left = sessions.redeem(sessions.issueCode().code)?.cookie ?? null;
    sessions.signOut(left);
    expect(sessions.isValid(left)).toBe(false);
    expect(sessions.isValid(kept)).toBe(true);
    sessions.signOut(left);

    for (let i = 0; i < 10; i += 1) sessions.redeem(sessions.issueCode().code);
    sessions.issueCode();
    expect(sessions.size()).toEqual({ sessions: 11, codes: 1 });
    clock.advance(DAY);
    const fresh = sessions.redeem(sessions.issueCode().code);
    expect(fresh).not.toBeNull();
    expect(sessions.size(), 'only the new session is held').toEqual({ sessions: 1, codes: 0 });
  });
});

describe('nesting depth of free-form JSON', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? { k: value } : [value];
    return value;
  };

  it('counts containers, and names the path where a value goes too deep', () => {
    expect(pathDeeperThan(1, 0)).toBeNull();
    expect(pathDeeperThan({}, 1)).toBeNull();
    expect(pathDeeperThan({ a: [] }, 1)).toEqual(['a']);
    expect(pathDeeperThan(nested(FREE_FORM_MAX_DEPTH), FREE_FORM_MAX_DEPTH)).toBeNull();
    expect(pathDeeperThan({ ok: 1, meta: nested(FREE_FORM_MAX_DEPTH) }, FREE_FORM_MAX_DEPTH)?.[0]).toBe('meta');
  });

  it('judges a value nested 200,000 levels without overflowing the stack', () => {
    expect(pathDeeperThan({ deep: nested(200_000) }, FREE_FORM_MAX_DEPTH)?.[0]).toBe('deep');
  });
});
