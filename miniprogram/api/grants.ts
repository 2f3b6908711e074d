/**
 * Subscription grants (PLATFORM.md, "Subscription messages"): each 允许 a person taps on
 * `wx.requestSubscribeMessage` lets the server send one message later. The page asks; this
 * banks what was accepted with `notify.recordGrants`, so the server knows whom it may remind.
 */
import type { Answer, InputOf, OutputOf } from '../../typings/api';
import { call } from './client';
import { isLocalMode, localGrant } from './local';

export type TemplateKey = InputOf<'notify.recordGrants'>['accepted'][number];
export type Template = OutputOf<'notify.templates'>[number];

/**
 * Bank the templates a person accepted. In local mode WeChat is not there to record the tap,
 * so the local cloud is told as well (its outbox refuses sends without a grant, as WeChat does).
 */
export async function recordGrants(accepted: readonly Template[]): Promise<Answer<OutputOf<'notify.recordGrants'>> | null> {
  if (accepted.length === 0) return null;
  if (isLocalMode()) await Promise.all(accepted.map((t) => localGrant(t.templateId)));
  return call('notify.recordGrants', { accepted: accepted.map((t) => t.key) });
}
