/**
 * The privacy dialog of the work pages that pick photos or files (`wx.chooseMedia` and
 * `wx.chooseMessageFile` are privacy APIs): while the page is there it hears WeChat's request
 * (utils/privacy.ts) and shows its dialog (`privacyOpen`); the dialog's buttons settle it.
 * The page's wxml carries the dialog with `<button id="agree-privacy" open-type="agreePrivacyAuthorization">`.
 */
import { listenPrivacy, settlePrivacy } from '../../utils/privacy';
import type { PrivacyResolve } from '../../utils/privacy';

export interface PrivacyHolder {
  stopPrivacy: (() => void) | null;
  privacyResolve: PrivacyResolve | null;
  gone: boolean;
}

export function privacyHolder(): PrivacyHolder {
  return { stopPrivacy: null, privacyResolve: null, gone: false };
}

/** On `attached`: hear the request while the page is there. */
export function startPrivacy(page: { setData(d: Record<string, unknown>): void }, s: PrivacyHolder): void {
  s.gone = false;
  s.stopPrivacy = listenPrivacy((resolve) => {
    if (s.gone) return resolve({ event: 'disagree' });
    s.privacyResolve = resolve;
    page.setData({ privacyOpen: true });
  });
}

/** On `detached`: stop hearing it, and refuse a request still open. */
export function stopPrivacy(s: PrivacyHolder): void {
  s.gone = true;
  s.stopPrivacy?.();
  s.stopPrivacy = null;
  settlePrivacy(s, false);
}

/** The dialog's answer. */
export function answerPrivacy(page: { setData(d: Record<string, unknown>): void }, s: PrivacyHolder, agreed: boolean): void {
  page.setData({ privacyOpen: false });
  settlePrivacy(s, agreed);
}
