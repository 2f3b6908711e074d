/**
 * Privacy consent (PLATFORM.md, "Location"): before a privacy API (`wx.getLocation`,
 * `wx.chooseMedia`) runs for a person who has not agreed to the privacy guide, WeChat calls
 * the `wx.onNeedPrivacyAuthorization` listener and holds the API until it is resolved. The page
 * on top shows its dialog with `<button id="agree-privacy" open-type="agreePrivacyAuthorization">`
 * and resolves with the person's choice. There is one listener for the whole app; it hands the
 * request to the page on top (the last one that asked to hear it and is still there).
 */

export type PrivacyResolve = (result: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;

/** The id of every page's agree button: WeChat checks that this button was tapped. */
export const PRIVACY_BUTTON_ID = 'agree-privacy';

/** A page that can show the privacy dialog. */
export type PrivacyAsker = (resolve: PrivacyResolve) => void;

const askers: PrivacyAsker[] = [];

function dispatch(resolve: PrivacyResolve): void {
  const top = askers[askers.length - 1];
  if (!top) {
    // No page can ask: the API fails (with "privacy permission is not authorized") rather than hang.
    resolve({ event: 'disagree' });
    return;
  }
  resolve({ event: 'exposureAuthorization' });
  top(resolve);
}

/** Let this page show the dialog while it is there; call the returned function when it goes. */
export function listenPrivacy(asker: PrivacyAsker): () => void {
  askers.push(asker);
  try {
    // One listener for the app: registering it again only replaces it with itself.
    // The typings give the listener's `resolve` as a result object; it is the function documented.
    if (typeof wx.onNeedPrivacyAuthorization === 'function') wx.onNeedPrivacyAuthorization(dispatch as unknown as WechatMiniprogram.OnNeedPrivacyAuthorizationCallback);
  } catch (err) {
    console.warn('[privacy] onNeedPrivacyAuthorization is not available', err);
  }
  return () => {
    const i = askers.lastIndexOf(asker);
    if (i >= 0) askers.splice(i, 1);
  };
}

export interface PrivacySetting {
  /** The person has not agreed yet: ask before the first privacy API. */
  needed: boolean;
  /** 《…隐私保护指引》 */
  name: string;
}

const DEFAULT_NAME = '《在岗小程序隐私保护指引》';

/** Has the person agreed yet (`wx.getPrivacySetting`)? Without the API (old base library), assume so. */
export function privacySetting(): Promise<PrivacySetting> {
  return new Promise((resolve) => {
    try {
      if (typeof wx.getPrivacySetting !== 'function') {
        resolve({ needed: false, name: DEFAULT_NAME });
        return;
      }
      wx.getPrivacySetting({
        success: (res) => resolve({ needed: !!res.needAuthorization, name: res.privacyContractName || DEFAULT_NAME }),
        fail: () => resolve({ needed: false, name: DEFAULT_NAME }),
      });
    } catch {
      resolve({ needed: false, name: DEFAULT_NAME });
    }
  });
}

/** Open the privacy guide itself. */
export function openPrivacyContract(): void {
  try {
    if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
  } catch (err) {
    console.warn('[privacy] openPrivacyContract failed', err);
  }
}

/**
 * Answer WeChat's pending privacy question (the page's dialog was agreed to or declined) and
 * forget it. False when none was pending (the page opened its dialog itself).
 */
export function settlePrivacy(holder: { privacyResolve: PrivacyResolve | null }, agreed: boolean): boolean {
  const resolve = holder.privacyResolve;
  if (!resolve) return false;
  holder.privacyResolve = null;
  resolve(agreed ? { buttonId: PRIVACY_BUTTON_ID, event: 'agree' } : { event: 'disagree' });
  return true;
}

// ---- a page's privacy dialog ----------------------------------------------------------------------

/**
 * The privacy dialog of a page that takes a photo, a file or a location (privacy APIs): while
 * the page is there it hears WeChat's request and shows its dialog (`privacyOpen`); the dialog's
 * buttons settle it. The page's wxml carries the dialog with
 * `<button id="agree-privacy" open-type="agreePrivacyAuthorization">`.
 */
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
