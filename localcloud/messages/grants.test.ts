import { GrantBank } from './grants';

describe('GrantBank', () => {
  it('banks grants per (openid, template) and spends one per send', () => {
    const bank = new GrantBank();
    expect(bank.grants('u1', 't1')).toBe(0);
    bank.grant('u1', 't1');
    bank.grant('u1', 't1', 2);
    bank.grant('u1', 't2');
    bank.grant('u2', 't1');
    expect(bank.grants('u1', 't1')).toBe(3);
    expect(bank.consume('u1', 't1')).toBe(true);
    expect(bank.grants('u1', 't1')).toBe(2);
    expect(bank.grants('u1', 't2')).toBe(1);
    expect(bank.grants('u2', 't1')).toBe(1);
  });

  it('refuses to spend what is not there, and spends nothing then', () => {
    const bank = new GrantBank();
    bank.grant('u1', 't1');
    expect(bank.consume('u1', 't1')).toBe(true);
    expect(bank.consume('u1', 't1')).toBe(false);
    expect(bank.grants('u1', 't1')).toBe(0);
    expect(bank.consume('u1', 'other')).toBe(false);
  });

  it('does not mix keys that would collide if joined naively', () => {
    const bank = new GrantBank();
    bank.grant('a', 'b_c');
    expect(bank.grants('a_b', 'c')).toBe(0);
  });

  it('takes only positive whole counts and non-empty ids', () => {
    const bank = new GrantBank();
    expect(() => bank.grant('u', 't', 0)).toThrow(RangeError);
    expect(() => bank.grant('u', 't', 1.5)).toThrow(RangeError);
    expect(() => bank.grant('u', 't', -1)).toThrow(RangeError);
    expect(() => bank.grant('', 't')).toThrow(TypeError);
    expect(() => bank.grant('u', '')).toThrow(TypeError);
    expect(bank.grants('u', 't')).toBe(0);
  });

  it('forgets everything on reset', () => {
    const bank = new GrantBank();
    bank.grant('u', 't', 4);
    bank.reset();
    expect(bank.grants('u', 't')).toBe(0);
  });
});
