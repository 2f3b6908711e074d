/** Pure rules of inspections: how each cadre is marked, what the inspection found, and its written report. */
import { AppError } from '../../kernel/errors';
import { beijing, dayjs } from '../../kernel/clock';
import { CADRE_KIND_NAMES, type CadreKind } from '../people/schema';
import { LEAVE_KIND_NAMES, type LeaveKind } from '../leave/schema';
import { BACKDATE_DAYS, STATUS_NAMES, type Mark, type Member, type Outcome } from './schema';

/** A cadre of the village's team on the day, as the people feature knows them. */
export interface TeamMember {
  personId: string;
  name: string;
  kind: CadreKind;
}

export type LeaveOnDay = { id: string; kind: LeaveKind; startDate: string; endDate: string };

/** The first day a visit may be recorded afterwards: `BACKDATE_DAYS` calendar days before today (pure date arithmetic, whatever the server's zone). */
export const earliestVisitDay = (today: string) => dayjs.utc(today).subtract(BACKDATE_DAYS, 'day').format('YYYY-MM-DD');

/** The day of the visit: today, or a day of the last `BACKDATE_DAYS` days recorded afterwards. */
export function visitDay(today: string, date: string | undefined): string {
  if (!date || date === today) return today;
  if (date > today) throw new AppError('invalid_input', '暗访日期不能晚于今天');
  const earliest = earliestVisitDay(today);
  if (date < earliest) throw new AppError('invalid_input', `只能补记${BACKDATE_DAYS}天内的暗访`);
  return date;
}

/**
 * Each cadre of the team as marked. Every member must be marked, and only members. A cadre on
 * approved leave that day is 请假 (not absent) unless found at post; 请假 without an approved
 * leave is refused (the inspector marks 在岗 or 不在岗).
 */
export function membersFrom(team: readonly TeamMember[], marks: readonly Mark[], leaves: ReadonlyMap<string, LeaveOnDay>): Member[] {
  const byId = new Map(marks.map((m) => [m.personId, m]));
  const stranger = marks.find((m) => !team.some((t) => t.personId === m.personId));
  if (stranger) throw new AppError('invalid_input', '标记的人员不是该村当日的驻村干部，请刷新后重试');
  const unmarked = team.filter((t) => !byId.has(t.personId));
  if (unmarked.length) throw new AppError('invalid_input', `还有${unmarked.map((t) => t.name).join('、')}没有标记是否在岗`);
  return team.map((t) => {
    const m = byId.get(t.personId)!;
    const leave = leaves.get(t.personId) ?? null;
    if (m.status === 'leave' && !leave) throw new AppError('invalid_input', `${t.name}当天没有经批准的请假，请标记为在岗或不在岗`);
    const status = leave && m.status === 'absent' ? 'leave' : m.status;
    return { personId: t.personId, name: t.name, kind: t.kind, status, note: m.note, leave };
  });
}

/** What the inspection found of the team: 一次扣完 falls on each absent cadre; a team with nobody at post is 驻村团队不在岗. */
export function outcomeOf(team: readonly Member[]): Outcome {
  const present = team.filter((m) => m.status === 'present').length;
  const absent = team.filter((m) => m.status === 'absent').length;
  if (absent === 0) return present === 0 ? 'allOnLeave' : 'allPresent';
  return present === 0 ? 'teamAbsent' : 'partlyAbsent';
}

export function idsOf(team: readonly Member[]) {
  const of = (s: Member['status']) => team.filter((m) => m.status === s).map((m) => m.personId);
  return { teamIds: team.map((m) => m.personId), presentIds: of('present'), absentIds: of('absent'), leaveIds: of('leave') };
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** `2026年5月12日（星期二）`. */
export function dayText(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（星期${WEEKDAYS[d.getUTCDay()]}）`;
}

const shortDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** `蒋文博（第一书记）`, with the inspector's note and a leave's days. */
function who(m: Member): string {
  const parts = [CADRE_KIND_NAMES[m.kind]];
  if (m.leave && m.status === 'leave') parts.push(`${LEAVE_KIND_NAMES[m.leave.kind]}，${m.leave.startDate === m.leave.endDate ? shortDay(m.leave.startDate) : `${shortDay(m.leave.startDate)}至${shortDay(m.leave.endDate)}`}`);
  if (m.note) parts.push(m.note);
  return `${m.name}（${parts.join('，')}）`;
}

/** The county the report is addressed to: `中共花垣县委组织部`. */
export const addresseeOf = (countyName: string) => `中共${countyName}委组织部`;

export interface ReportFacts {
  villageName: string;
  townshipName: string;
  countyName: string;
  date: string;
  visitedAt: Date | null;
  inspectorName: string;
  inspectorUnitName: string;
  companions: readonly string[];
  team: readonly Member[];
  outcome: Outcome;
  findings: string;
  remarks: string;
  photos: number;
}

/**
 * The written report (书面通报) of an inspection, in Chinese, from the record alone: the same
 * record always gives the same text, so a correction gives the corrected report.
 */
export function reportOf(f: ReportFacts): { title: string; to: string; text: string } {
  const to = addresseeOf(f.countyName);
  const title = `关于${f.townshipName}${f.villageName}驻村工作队在岗情况的暗访通报`;
  const when = `${dayText(f.date)}${f.visitedAt ? beijing(f.visitedAt).iso.slice(11, 16) : ''}`;
  const inspectors = [`${f.inspectorName}（${f.inspectorUnitName}）`, ...f.companions].join('、');
  const group = (s: Member['status']) => f.team.filter((m) => m.status === s);
  const line = (s: Member['status']) => {
    const ms = group(s);
    return ms.length ? `${STATUS_NAMES[s]}${ms.length}人：${ms.map(who).join('、')}` : '';
  };
  const counts = [line('present'), line('absent'), line('leave')].filter(Boolean).join('；');
  const verdict =
    f.outcome === 'teamAbsent' ? '暗访时驻村团队无一人在岗，驻村团队不到位。'
    : f.outcome === 'partlyAbsent' ? `暗访时有${group('absent').length}名驻村干部不在岗。`
    : f.outcome === 'allOnLeave' ? '暗访时驻村干部均已按规定请假。'
    : '暗访时驻村干部全员在岗。';
  const paragraphs = [
    `${to}：`,
    `${when}，${inspectors}不打招呼，到${f.townshipName}${f.villageName}进行实地暗访。该村驻村工作队共${f.team.length}人，${counts}。${verdict}`,
    `暗访发现：${f.findings}`,
    ...(f.remarks ? [`检查组意见：${f.remarks}`] : []),
    ...(group('absent').length ? [`按照“凡是暗访发现驻点团队不到位的，一次扣完”的规定，${group('absent').map((m) => m.name).join('、')}暗访不在岗的情况计入当月考核。请督促整改落实。`] : []),
    ...(f.photos ? [`附：现场照片${f.photos}张。`] : []),
    `暗访人：${inspectors}`,
    dayText(f.date).replace(/（.*）$/, ''),
  ];
  return { title, to, text: paragraphs.join('\n') };
}
