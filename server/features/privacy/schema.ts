/**
 * Privacy (个人信息保护, PIPL): the access log of staff reading people's personal data, and a
 * person's view of everything held about them.
 */
import * as z from 'zod';
import type { Role } from '../../kernel/roles';

/** The kinds of personal data whose reading is logged. */
export const DATA_KINDS = ['location', 'photo', 'phone', 'contact', 'household'] as const;
export type DataKind = (typeof DATA_KINDS)[number];
export const DATA_KIND_NAMES: Record<DataKind, string> = { location: '位置', photo: '照片', phone: '手机号', contact: '联系方式', household: '农户信息' };

/**
 * `accessLogs`: one document per read action of staff (or of anyone reading someone else's
 * personal data), listing every person whose data it returned — never one document per person.
 * Written with one write and no read; kept `ACCESS_LOG_RETENTION_DAYS`, then purged.
 */
export interface AccessLogDoc {
  _id: string;
  at: Date;
  viewerId: string;
  viewerName: string;
  /** The roles the viewer read in (of the action's roles). */
  viewerRoles: Role[];
  /** The action that returned the data (`checkin.ledger`). */
  action: string;
  /** What was looked at, as a key (`ledger`, `history`, `spotCheck`, `phone`, …). */
  what: string;
  /** In Chinese, for the person: `2026-05-12 位置共享台账`. */
  detail: string;
  kinds: DataKind[];
  /** People (persons) whose data it was. */
  subjectIds: string[];
  /** WeChat users who are no person (villagers), by OPENID. */
  subjectOpenids: string[];
  /** Households (农户) of a village, which are no WeChat user. */
  householdIds: string[];
}

/** Three years (PIPL leaves the period to the handler: long enough for a complaint about a look to be checked). */
export const ACCESS_LOG_RETENTION_DAYS = 3 * 365 + 1;

/** The sections of 我的个人信息, in the page's order. */
export const SECTION_KEYS = [
  'accessLogs',
  'profile',
  'bindings',
  'assignments',
  'checkins',
  'attendance',
  'corrections',
  'leaves',
  'spotChecks',
  'escalations',
  'stationing',
  'workLogs',
  'visits',
  'training',
  'scores',
  'assessPlans',
  'inspections',
  'workReports',
  'questions',
  'shares',
  'villages',
  'complaints',
  'subscriptions',
  'audit',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Rows of each section in the overview; a section opened alone pages by `limit`. */
export const OVERVIEW_ROWS = 10;

export const MyDataInput = z
  .object({
    /** One section only, paged (`skip`, `limit`); without it, every section's newest rows. */
    section: z.enum(SECTION_KEYS).optional(),
    skip: z.number().int().min(0).max(100_000).default(0),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .strict()
  .refine((v) => v.section !== undefined || v.skip === 0, { message: '翻页时请指定要查看的部分', path: ['skip'] });
export type MyDataInput = z.output<typeof MyDataInput>;

/** One line of a record: `手机号` `13800000025`. */
export interface Field {
  label: string;
  value: string;
}

/** One record held about the person, in words. */
export interface Item {
  id: string;
  title: string;
  fields: Field[];
}

export interface Section {
  key: SectionKey;
  title: string;
  /** Why it is held and for how long. */
  note: string;
  items: Item[];
  /** More rows than shown: open the section alone to page. */
  more: boolean;
  skip: number;
}
