import { TtlCache } from './cache';

describe('TtlCache', () => {
  let t = 0;
  const clock = () => t;
  beforeEach(() => {
    t = 1_000;
  });

  it('keeps a value until its time to live has passed', () => {
    const c = new TtlCache<string, number>(10, 60_000, clock);
    c.set('a', 1);
    t += 59_999;
    expect(c.get('a')).toBe(1);
    t += 1;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('restarts the time to live when a key is set again, not when it is read', () => {
    const c = new TtlCache<string, number>(10, 100, clock);
    c.set('a', 1);
    t += 90;
    expect(c.get('a')).toBe(1);
    t += 20;
    expect(c.get('a')).toBeUndefined();
    c.set('a', 2);
    t += 90;
    c.set('a', 3);
    t += 90;
    expect(c.get('a')).toBe(3);
  });

  it('drops the least recently used entry when full', () => {
    const c = new TtlCache<string, number>(2, 60_000, clock);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // now b is the least recently used
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
  });

  it('forgets a deleted key at once', () => {
    const c = new TtlCache<string, number>(2, 60_000, clock);
    c.set('a', 1);
    c.delete('a');
    expect(c.get('a')).toBeUndefined();
    c.delete('missing');
    expect(c.size).toBe(0);
  });

  it('refuses a size or a time to live that would keep nothing', () => {
    expect(() => new TtlCache(0, 1000)).toThrow();
    expect(() => new TtlCache(10, 0)).toThrow();
  });

  it('runs on the process clock by default', () => {
    const c = new TtlCache<string, string>(5, 60_000);
    c.set('k', 'v');
    expect(c.get('k')).toBe('v');
  });
});
