/**
 * The village WeChat group a card was opened from (PLATFORM.md, "Groups, calls"): a card shared
 * into a group with `wx.showShareMenu({ withShareTicket: true })` and opened from it carries a
 * `shareTicket`; `wx.getGroupEnterInfo` then gives the entry's `cloudID` (older base libraries:
 * `wx.getShareInfo` with the ticket), which only the server can decrypt into the group's
 * `opengid` (for the calling user, for five minutes). Pages pass the cloudID on as a plain
 * string (`village.enter({ groupCloudId })`); they never see the group id.
 *
 * Local mode has no WeChat group: the local cloud signs a cloudID for the logged-in demo person
 * and the group `localGroup()` names (a page query `group=`, kept, or the default demo group).
 */
import { isLocalMode, localCloudId, localGroup } from './local';

/** The shareTicket WeChat opened (or brought back) the mini program with, '' for none. */
function enterShareTicket(): string {
  try {
    const ticket = wx.getEnterOptionsSync()?.shareTicket;
    if (ticket) return ticket;
  } catch {
    // An old base library: the launch options are all there is.
  }
  try {
    return wx.getLaunchOptionsSync()?.shareTicket ?? '';
  } catch {
    return '';
  }
}

type GroupInfo = { cloudID?: string };

/** `wx.getGroupEnterInfo` (base library 2.17.3+ for cards): the group of the current entry, no ticket needed. */
function groupEnterInfo(): Promise<string | null> {
  return new Promise((resolve) => {
    if (typeof wx.getGroupEnterInfo !== 'function') return resolve(null);
    try {
      wx.getGroupEnterInfo({
        success: (res: GroupInfo) => resolve(res.cloudID || null),
        fail: (err) => {
          // 40097: not opened from a group (or, on some first entries, "invalid scene").
          console.warn('[api] getGroupEnterInfo failed', err);
          resolve(null);
        },
      });
    } catch (err) {
      console.warn('[api] getGroupEnterInfo failed', err);
      resolve(null);
    }
  });
}

/** `wx.getShareInfo({ shareTicket })`: what older base libraries give for a card's ticket. */
function shareInfo(shareTicket: string): Promise<string | null> {
  return new Promise((resolve) => {
    if (typeof wx.getShareInfo !== 'function') return resolve(null);
    try {
      wx.getShareInfo({
        shareTicket,
        success: (res: GroupInfo) => resolve(res.cloudID || null),
        fail: (err) => {
          console.warn('[api] getShareInfo failed', err);
          resolve(null);
        },
      });
    } catch (err) {
      console.warn('[api] getShareInfo failed', err);
      resolve(null);
    }
  });
}

/**
 * The cloudID of the group the mini program was opened from, or null when it was not opened
 * from a group (or WeChat would not tell). `wx.getGroupEnterInfo` reads the current entry by
 * itself; when it gives nothing and there is a shareTicket — `shareTicket`, else the one of the
 * options WeChat entered with (`wx.getEnterOptionsSync()`) — `wx.getShareInfo` is asked with it.
 * Never throws.
 */
export async function groupCloudId(shareTicket?: string): Promise<string | null> {
  if (isLocalMode()) {
    const opengid = localGroup();
    return opengid ? localCloudId(opengid) : null;
  }
  const fromEntry = await groupEnterInfo();
  if (fromEntry) return fromEntry;
  const ticket = shareTicket || enterShareTicket();
  return ticket ? shareInfo(ticket) : null;
}
