/** Pure rules of tutoring: which topics a tutor covers, who may answer, the deadline, the median. */
import { addWorkdays } from '../../kernel/calendar';
import { dateKey } from '../../kernel/clock';
import type { Grant } from '../../kernel/caller';
import { within } from '../org/rules';
import { DEFAULT_QUESTION_RULES, QuestionRules, TOPICS, TOPIC_KEYWORDS, TOPIC_NAMES, type Topic } from './schema';

/**
 * The topics a tutor's `specialty` covers: each part (split at 、，,；;/ and spaces) that is a
 * topic's key or name, and every topic whose keywords a part mentions. Everyone who tutors
 * also takes 其他 (a question that fits no field still needs someone); a tutor whose specialty
 * names nothing known takes only that.
 */
export function topicsOfSpecialty(specialty: string | undefined | null): Topic[] {
  const out = new Set<Topic>(['other']);
  const parts = (specialty ?? '').split(/[、，,；;/\s]+/).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    for (const t of TOPICS) {
      if (part === t || part === TOPIC_NAMES[t]) out.add(t);
      if (t !== 'other' && TOPIC_KEYWORDS[t].some((k) => part.includes(k))) out.add(t);
    }
  }
  return TOPICS.filter((t) => out.has(t));
}

/** Tutor grants covering the village at `path` whose specialty covers `topic`. */
export function tutorGrantsFor(grants: readonly Grant[], path: readonly string[], topic: Topic): Grant[] {
  return grants.filter((g) => g.role === 'tutor' && within(path, g.orgUnitId) && topicsOfSpecialty(g.specialty as string | undefined).includes(topic));
}

/** Each tutor grant with the topics it covers. */
export function tutorScopes(grants: readonly Grant[]): { orgUnitId: string; topics: Topic[] }[] {
  return grants.filter((g) => g.role === 'tutor').map((g) => ({ orgUnitId: g.orgUnitId, topics: topicsOfSpecialty(g.specialty as string | undefined) }));
}

/** A county's rules as stored in its settings, or the defaults. */
export function rulesFrom(settings: Record<string, unknown> | undefined | null): QuestionRules {
  const parsed = QuestionRules.safeParse(settings?.question);
  return parsed.success ? parsed.data : DEFAULT_QUESTION_RULES;
}

/** The answer is due at 18:00 (Beijing) of the `days`th working day after `from` (Chinese calendar). */
export function dueFrom(from: Date, days: number): Date {
  return new Date(`${addWorkdays(dateKey(from), days)}T18:00:00+08:00`);
}

/** The exact median of some numbers (the mean of the two middle ones for an even count), or null. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The `thing` of a message: one line, at most 20 characters. */
export function thingField(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 20 ? `${line.slice(0, 19)}…` : line;
}

/** The `name` of a message: Chinese or letters only, at most 10 characters. */
export function nameField(s: string): string {
  return s.replace(/[0-9\s]/g, '').slice(0, 10) || '驻村干部';
}
