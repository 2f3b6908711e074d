/** Pure rules about people: where a role may be held, invitation codes, assignments. */
import { createHash, randomInt } from 'node:crypto';
import type { Role } from '../../kernel/roles';
import type { Level } from '../org/schema';

/** At which levels of the tree each role is held (DOMAIN.md, "Who uses it"). */
export const ROLE_LEVELS: Record<Role, readonly Level[]> = {
  cadre: ['village'],
  staff: ['city', 'county', 'township'],
  approver: ['city', 'county', 'township'],
  discipline: ['city', 'county', 'township'],
  department: ['city', 'county', 'township'],
  groupAdmin: ['village'],
  tutor: ['city', 'county', 'township'],
  villager: ['village'],
};

export function roleFitsLevel(role: Role, level: Level): boolean {
  return ROLE_LEVELS[role].includes(level);
}

/** No 0/O, 1/I/L: codes are read aloud and typed by people. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export function newInviteCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** Codes are typed by hand: ignore case, spaces and dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function codeHash(code: string): string {
  return createHash('sha256').update(`onpost-invite:${normaliseCode(code)}`).digest('hex');
}

/** The mini program page a QR code of the invitation opens. */
export function inviteQrText(code: string): string {
  return `pages/people/bind/index?code=${code}`;
}

export const INVITE_DEFAULT_DAYS = 7;
export const INVITE_MAX_DAYS = 30;
