/** People, their role grants, assignments (选派/派驻), invitation codes and WeChat bindings. */
import * as z from 'zod';
import { ROLES, type Role } from '../../kernel/roles';
import type { Grant } from '../../kernel/caller';
import { UnitId, type Fence } from '../org/schema';

export const CADRE_KINDS = ['firstSecretary', 'teamMember', 'stationedLeader'] as const;
export type CadreKind = (typeof CADRE_KINDS)[number];

export const ROLE_NAMES: Record<Role, string> = {
  cadre: '驻村干部',
  staff: '组织部门',
  approver: '请假审批',
  discipline: '纪检监察',
  department: '职能部门',
  groupAdmin: '村群管理员',
  tutor: '驻村辅导师',
  villager: '村民',
};

export const CADRE_KIND_NAMES: Record<CadreKind, string> = { firstSecretary: '第一书记', teamMember: '驻村工作队员', stationedLeader: '驻点干部' };

export const PersonId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const RoleName = z.enum(ROLES);
export const PersonName = z.string().trim().min(2).max(20);
/** Mainland mobile numbers. */
export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入11位手机号码');
export const Title = z.string().trim().max(40);
/** `YYYY-MM-DD` (a day in Beijing time). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  // Date.parse rolls 2026-02-31 over to March; a real day reads back the same.
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, '日期无效');

/** What a grant may carry besides its role and unit. */
export interface StoredGrant extends Grant {
  kind?: CadreKind;
  department?: { id: string; name: string };
  specialty?: string;
  since: Date;
}

/**
 * Where a cadre is stationed, with what a check-in needs of it (the village's fence, the
 * county's settings), copied onto the person so that the one read of the caller brings it all
 * (every read is billed). Set with the assignment, cleared when it ends, kept current by
 * `unitChanged` events and repaired daily from the units' `updatedAt`.
 */
export interface Station {
  villageId: string;
  villageName: string;
  path: string[];
  fence: Fence | null;
  /** The county's unit settings, by feature (`checkin`: its check-in schedule). */
  countySettings: Record<string, unknown>;
  villageUpdatedAt: Date;
  countyUpdatedAt: Date | null;
}

export interface PersonDoc {
  _id: string;
  name: string;
  phone: string;
  title: string;
  /** The unit that administers this person (staff above it see and manage them). */
  orgUnitId: string;
  homePath: string[];
  /** The WeChat user bound to this person, if any. */
  openid: string | null;
  grants: StoredGrant[];
  active: boolean;
  /** Set while the person is stationed in a village (see `Station`). */
  station?: Station | null;
  /** Invitation codes made before this (the last bind or unbind) no longer work. */
  invitesValidFrom?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssignmentDoc {
  _id: string;
  personId: string;
  villageId: string;
  villagePath: string[];
  kind: CadreKind;
  /** 派出单位 */
  dispatchingUnit: string;
  start: string;
  end: string | null;
  active: boolean;
  createdAt: Date;
  endedAt?: Date;
}

export interface InviteDoc {
  /** SHA-256 of the code: the database never holds a usable code. */
  _id: string;
  personId: string;
  homePath: string[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
}

export interface BindingDoc {
  /** The OPENID: one binding per WeChat user. */
  _id: string;
  personId: string;
  boundAt: Date;
}

export const GrantInput = z.object({
  personId: PersonId,
  role: RoleName,
  orgUnitId: UnitId,
  department: z.object({ id: z.string().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/), name: z.string().trim().min(1).max(20) }).optional(),
  specialty: z.string().trim().max(40).optional(),
});
