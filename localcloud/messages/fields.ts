/**
 * The value rules of subscription-message template fields, by the key's type prefix (`thing1`,
 * `character_string2`, …), as WeChat documents them ("订阅消息参数值内容限制说明" on the
 * `subscribeMessage.send` page):
 *
 * | type | rule |
 * |---|---|
 * | thing | ≤ 20 characters: Chinese, digits, letters or symbols |
 * | number | ≤ 32 digits, may have a decimal part |
 * | letter | ≤ 32 letters |
 * | symbol | ≤ 5 symbols |
 * | character_string | ≤ 32 digits, letters or symbols |
 * | time | 24-hour time, optionally with a date; a range joins two with `~` (`15:01`, `2019年10月1日 15:01`) |
 * | date | a date, optionally with a 24-hour time; a range joins two with `~` |
 * | amount | one currency sign + ≤ 10 digits, may have decimals, may end with 元 |
 * | phone_number | ≤ 17 digits and symbols (`+86-0766-66888866`) |
 * | car_number | ≤ 8: first and last may be Chinese, the rest letters or digits (`粤A8Z888挂`) |
 * | name | ≤ 10 Chinese characters, or ≤ 20 letters or symbols; mixed counts as Chinese |
 * | phrase | ≤ 5 Chinese characters only |
 *
 * "Symbols" are the common signs other than Chinese, letters and digits, never control characters
 * (line breaks included). Times are `HH:MM` or `HH:MM:SS`; dates `y年m月d日`, `y年m月`, `m月d日`, or
 * joined with `-`, `/` or `.` (`2018-01-01`, `2018/01/01`, `2018.01.01`, `2018-01`, `01-01`).
 *
 * Where the documentation leaves room, this validator takes the stricter reading (each is marked
 * "stricter" below): code that passes here then passes on WeChat.
 *
 * A value that breaks its rule gets WeChat's answer, errcode 47003 with
 * `argument invalid! data.<key>.value invalid` (`… is empty` for an empty value).
 */

export type FieldType =
  | 'thing' | 'number' | 'letter' | 'symbol' | 'character_string' | 'time' | 'date' | 'amount'
  | 'phone_number' | 'car_number' | 'name' | 'phrase' | 'enum';

const KEY_RE = /^(thing|number|letter|symbol|character_string|time|date|amount|phone_number|car_number|name|phrase|enum)(\d{1,3})$/;

/** The type of a template data key (`thing12` → `thing`), or undefined. */
export function fieldTypeOf(key: string): FieldType | undefined {
  return KEY_RE.exec(key)?.[1] as FieldType | undefined;
}

export interface FieldProblem {
  key: string;
  /** WeChat's errmsg, without the trailing ` rid: …`. */
  errmsg: string;
}

const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^\p{Script=Han}+$/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LETTER = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;

const chars = (s: string): string[] => Array.from(s);

/** A "symbol" as WeChat means it: printable, not Chinese, not a letter or digit, not whitespace. */
function isSymbol(c: string): boolean {
  return !HAN.test(c) && !LETTER.test(c) && !DIGIT.test(c) && !/\s/u.test(c) && !CONTROL.test(c) && /[\p{P}\p{S}]/u.test(c);
}

function daysIn(year: number | undefined, month: number): number {
  if (month === 2) return year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validDate(y: string | undefined, m: string | undefined, d: string | undefined): boolean {
  const year = y === undefined ? undefined : Number(y);
  if (year !== undefined && (year < 1900 || year > 2999)) return false;
  if (m === undefined) return false;
  const month = Number(m);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  return day >= 1 && day <= daysIn(year, month);
}

/** One date: `y年m月d日`, `y年m月`, `m月d日`, `y-m-d` (or `/`, `.`), `y-m`, `m-d`. */
function isDate(s: string): boolean {
  let m = /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?$/.exec(s);
  if (m) {
    // `m月` alone is not a listed form; `y年m月` and `m月d日` are.
    if (m[1] === undefined && m[3] === undefined) return false;
    return validDate(m[1], m[2], m[3]);
  }
  m = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?$/.exec(s);
  if (m) return validDate(m[1], m[3], m[4]);
  m = /^(\d{1,2})([-/.])(\d{1,2})$/.exec(s);
  if (m) return validDate(undefined, m[1], m[3]);
  return false;
}

/** `HH:MM` or `HH:MM:SS`, 24-hour. Stricter: the hour has two digits, as documented (`09:30`, not `9:30`). */
function isClock(s: string): boolean {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  return !!m && Number(m[1]) <= 23 && Number(m[2]) <= 59 && (m[3] === undefined || Number(m[3]) <= 59);
}

/** A date, a clock time, or a date and a time separated by one space. */
function isPoint(s: string): boolean {
  if (isDate(s) || isClock(s)) return true;
  const sp = s.indexOf(' ');
  return sp > 0 && isDate(s.slice(0, sp)) && isClock(s.slice(sp + 1));
}

/** A point, or a range of two points joined by `~` (spaces around it allowed). */
function isTimeValue(s: string): boolean {
  const parts = s.split('~');
  if (parts.length === 1) return isPoint(s);
  return parts.length === 2 && parts.every((p) => isPoint(p.trim()));
}

const CURRENCY = '¥￥$€£₩₹';

/** Checks one value against its type's rule; true when accepted. */
export function valueFits(type: FieldType, value: string): boolean {
  const cs = chars(value);
  if (CONTROL.test(value)) return false;
  switch (type) {
    case 'thing':
      // ≤ 20 characters of any printable kind. Stricter: lengths count UTF-16 units, so an emoji counts 2.
      return value.length <= 20;
    case 'number':
      // Stricter: the 32 counts every character, the decimal point included; no sign.
      return value.length <= 32 && /^\d+(\.\d+)?$/.test(value);
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value);
    case 'symbol':
      return value.length <= 5 && cs.every(isSymbol);
    case 'character_string':
      // Stricter: ASCII only, no spaces (digits, letters and ASCII symbols).
      return /^[\x21-\x7e]{1,32}$/.test(value);
    case 'time':
    case 'date':
      return isTimeValue(value);
    case 'amount': {
      // Stricter: the 10 digits count the decimals too; at most two decimals.
      const m = new RegExp(`^[${CURRENCY}]?(\\d+)(?:\\.(\\d{1,2}))?元?$`, 'u').exec(value);
      return !!m && m[1].length + (m[2]?.length ?? 0) <= 10;
    }
    case 'phone_number':
      // Digits and symbols only (spaces refused: stricter), at least one digit.
      return value.length <= 17 && cs.every((c) => DIGIT.test(c) || (c.charCodeAt(0) < 0x80 && isSymbol(c))) && /\d/.test(value);
    case 'car_number': {
      if (cs.length < 2 || value.length > 8) return false;
      const alnum = (c: string): boolean => LETTER.test(c) || DIGIT.test(c);
      const ends = (c: string): boolean => alnum(c) || ALL_HAN.test(c);
      return ends(cs[0]) && ends(cs[cs.length - 1]) && cs.slice(1, -1).every(alnum);
    }
    case 'name': {
      if (cs.some((c) => DIGIT.test(c))) return false; // stricter: "纯字母或符号" has no digits
      const ok = cs.every((c) => HAN.test(c) || LETTER.test(c) || c === ' ' || isSymbol(c));
      if (!ok || value.trim() !== value) return false;
      // Any Chinese character makes it a Chinese name: ≤ 10 characters in all.
      return cs.some((c) => HAN.test(c)) ? value.length <= 10 : value.length <= 20;
    }
    case 'phrase':
      return value.length <= 5 && ALL_HAN.test(value);
    case 'enum':
      // The allowed values live in the template, which the local cloud does not know: a guess
      // that keeps obvious mistakes out.
      return value.length <= 20;
  }
}

/**
 * Checks the `data` of a send. Returns the first problem, in key order, or undefined.
 * Stricter than WeChat: a key whose type prefix is unknown (no template can hold it) and a value
 * that is not a string are refused.
 */
export function checkTemplateData(data: unknown): FieldProblem | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { key: '', errmsg: 'argument invalid! data is empty' };
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return { key: '', errmsg: 'argument invalid! data is empty' };
  for (const [key, field] of entries) {
    const type = fieldTypeOf(key);
    if (!type) return { key, errmsg: `argument invalid! data.${key} invalid` };
    const value = field && typeof field === 'object' ? (field as Record<string, unknown>).value : undefined;
    if (value === undefined || value === null || value === '') return { key, errmsg: `argument invalid! data.${key}.value is empty` };
    if (typeof value !== 'string' || !valueFits(type, value)) return { key, errmsg: `argument invalid! data.${key}.value invalid` };
  }
  return undefined;
}
