/** Invitation codes as people type or scan them. */

/** Codes have 8 characters (server/features/people/rules.ts). */
export const CODE_LENGTH = 8;

/** As the server reads a code: case, spaces and dashes do not matter. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * The code a page was opened with or a scan found: `?code=XXXX` of the invitation's QR text
 * (`pages/people/bind/index?code=XXXX`), a mini program code's `scene` (`code=XXXX` or the bare
 * code), or a bare code. '' when there is none.
 */
export function codeFrom(text: string | undefined | null): string {
  if (!text) return '';
  let s = String(text);
  try {
    s = decodeURIComponent(s);
  } catch {
    // keep it as it is
  }
  const m = /(?:^|[?&])code=([^&#]*)/.exec(s);
  const candidate = normaliseCode(m ? m[1]! : s);
  return /^[0-9A-Z]{4,20}$/.test(candidate) ? candidate : '';
}
