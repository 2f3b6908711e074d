/**
 * Roles as people see them, and where each role starts: the one place that says which page a
 * role opens from the home page. When a feature brings a role its own start page (the cadre's
 * check-in), change that role's line in START_PAGES.
 */
import type { OutputOf } from '../api/index';
import { ROUTES } from './nav';

export type Me = OutputOf<'people.me'>;
export type MyRole = Me['roles'][number];
export type Role = MyRole['role'];
export type Level = 'city' | 'county' | 'township' | 'village';

/** The server's names (server/features/people/schema.ts, ROLE_NAMES). */
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

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Roles a staff member grants directly; a cadre is made by an assignment (派驻). */
export const GRANTABLE_ROLES: Role[] = ROLES.filter((r) => r !== 'cadre');

/** Roles that may browse the organisation tree (org.listUnits, org.getUnit). */
export const READER_ROLES: readonly Role[] = ['staff', 'approver', 'discipline'];

/** At which levels each role is held (server/features/people/rules.ts, ROLE_LEVELS). */
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

export function roleFitsLevel(role: Role, level: string | null | undefined): boolean {
  return !!level && (ROLE_LEVELS[role] as readonly string[]).includes(level);
}

export interface StartPage {
  url: string;
  /** What the card offers, e.g. 管理辖区的组织和人员. */
  action: string;
}

/** Where each role starts. */
export const START_PAGES: Record<Role, StartPage> = {
  staff: { url: ROUTES.units, action: '管理辖区的组织和人员' },
  approver: { url: ROUTES.leaveInbox, action: '审批请假' },
  discipline: { url: ROUTES.units, action: '查看辖区的组织' },
  cadre: { url: ROUTES.checkin, action: '签到、补卡、查看签到记录' },
  villager: { url: ROUTES.me, action: '查看我的身份' },
  groupAdmin: { url: ROUTES.me, action: '查看我的身份' },
  department: { url: ROUTES.me, action: '查看我的身份' },
  tutor: { url: ROUTES.me, action: '查看我的身份' },
};

/** A grant's name: a cadre's kind (第一书记) when it has one, else the role's name. */
export function roleTitle(r: { role: Role; roleName?: string | null; kindName?: string | null }): string {
  return r.kindName || r.roleName || ROLE_NAMES[r.role] || r.role;
}

/** `第一书记 · 十八洞村`. */
export function roleLine(r: { role: Role; roleName?: string | null; kindName?: string | null; unitName?: string | null }): string {
  return r.unitName ? `${roleTitle(r)} · ${r.unitName}` : roleTitle(r);
}

/** A further page a role reaches from its home card (考核排名, 我的考核…). */
export interface StartLink {
  key: string;
  label: string;
  url: string;
}

/** The further pages of each role, and at which levels of its grants (none: every level). */
export const MORE_LINKS: Partial<Record<Role, (StartLink & { levels?: readonly Level[] })[]>> = {
  cadre: [
    { key: 'scoring-mine', label: '我的考核', url: ROUTES.scoringMine },
    { key: 'worklog-mine', label: '驻村记实', url: ROUTES.workLogMine },
    { key: 'question-mine', label: '驻村辅导', url: ROUTES.questionMine },
    { key: 'policy-search', label: '政策文件', url: ROUTES.policySearch },
    { key: 'share-feed', label: '互动分享', url: ROUTES.shareFeed },
    { key: 'workupdate-list', label: '工作动态', url: ROUTES.workUpdateList },
    { key: 'stationing-checkin', label: '驻点日签到', url: ROUTES.stationingCheckin },
    { key: 'resource-mine', label: '帮扶项目', url: ROUTES.resourceMine },
    // The page tells cadres who are not first secretaries that they owe none.
    { key: 'report-mine', label: '半年工作报告', url: ROUTES.reportMine },
    { key: 'training-mine', label: '我的培训', url: ROUTES.trainingMine },
    { key: 'assess-targets', label: '我的目标', url: ROUTES.assessMyTargets },
    { key: 'visit-mine', label: '入户走访', url: ROUTES.visitMine },
    { key: 'visit-problems', label: '问题台账', url: ROUTES.visitProblems },
    // @cadre-links-issue11
  ],
  staff: [
    { key: 'scoring-ranking', label: '考核排名', url: ROUTES.scoringRanking },
    // Results are published by a county or the city.
    { key: 'scoring-publish', label: '考核公布', url: ROUTES.scoringPublish, levels: ['county', 'city'] },
    { key: 'scoring-allowance', label: '补助签核', url: ROUTES.scoringAllowance },
    { key: 'worklog-unit', label: '驻村记实查阅', url: ROUTES.workLogUnit },
    { key: 'workupdate-list', label: '工作动态', url: ROUTES.workUpdateList },
    // The weekly quota is by district (县/区): its figure is a county's or the city's.
    { key: 'workupdate-figures', label: '工作动态完成情况', url: ROUTES.workUpdateFigures, levels: ['county', 'city'] },
    { key: 'question-figures', label: '辅导统计', url: ROUTES.questionFigures },
    { key: 'policy-manage', label: '政策文件管理', url: ROUTES.policyManage },
    { key: 'share-feed', label: '互动分享', url: ROUTES.shareFeed },
    { key: 'inspection-record', label: '暗访记录', url: ROUTES.inspectionRecord },
    // Written reports (书面通报) go to a county; the city reads every county's.
    { key: 'inspection-reports', label: '暗访通报', url: ROUTES.inspectionReports, levels: ['county', 'city'] },
    { key: 'inspection-figures', label: '暗访统计', url: ROUTES.inspectionFigures },
    // 驻点联系: the teams on the stationing day and the nights (住夜), and where a township fixes its day.
    { key: 'stationing-figure', label: '驻点情况', url: ROUTES.stationingFigure },
    { key: 'stationing-settings', label: '驻点日设置', url: ROUTES.stationingSettings },
    { key: 'resource-unit', label: '帮扶项目', url: ROUTES.resourceUnit },
    { key: 'resource-figures', label: '帮扶统计', url: ROUTES.resourceFigures },
    { key: 'report-list', label: '工作报告', url: ROUTES.reportList },
    { key: 'training-manage', label: '培训管理', url: ROUTES.trainingManage },
    { key: 'assess-targets', label: '目标管理', url: ROUTES.assessTargets },
    { key: 'assess-surveys', label: '民主测评管理', url: ROUTES.assessSurveys },
    // The year's result is computed and published by a county (or viewed by the city).
    { key: 'assess-annual', label: '年度考评', url: ROUTES.assessAnnual, levels: ['county', 'city'] },
    { key: 'visit-households', label: '农户管理', url: ROUTES.visitHouseholds },
    { key: 'visit-groups', label: '走访小组', url: ROUTES.visitGroups },
    { key: 'visit-figures', label: '走访统计', url: ROUTES.visitFigures },
    { key: 'visit-problems', label: '走访问题台账', url: ROUTES.visitProblems },
    // @staff-links-issue11
  ],
  tutor: [{ key: 'question-inbox', label: '辅导解答', url: ROUTES.questionInbox }],
  // Discipline staff inspect too (暗访); their complaint pages are under 群众诉求.
  discipline: [
    { key: 'inspection-record', label: '暗访记录', url: ROUTES.inspectionRecord },
    { key: 'inspection-figures', label: '暗访统计', url: ROUTES.inspectionFigures },
  ],
  // A village official answers the village's 民主测评.
  groupAdmin: [{ key: 'assess-answer', label: '民主测评', url: ROUTES.assessAnswer }],
};

/**
 * Villagers' voices (issue 9): the complaint and notice pages each role reaches from the home
 * page, under their own card (诉求受理 for whoever accepts complaints, 部门办理 for departments…).
 */
export const VOICE_LINKS: (StartLink & { roles: readonly Role[] })[] = [
  { key: 'complaint-inbox', label: '诉求受理', url: ROUTES.complaintInbox, roles: ['staff', 'groupAdmin', 'discipline'] },
  { key: 'complaint-dept', label: '部门办理', url: ROUTES.complaintDept, roles: ['department'] },
  { key: 'complaint-figures', label: '诉求统计', url: ROUTES.complaintFigures, roles: ['staff', 'discipline'] },
  { key: 'notice-manage', label: '村务公开管理', url: ROUTES.noticeManage, roles: ['groupAdmin'] },
  // @voice-links-issue11
];

/** The voice pages the person's roles reach, in VOICE_LINKS' order. */
export function voiceLinks(roles: readonly MyRole[]): StartLink[] {
  return VOICE_LINKS.filter((l) => roles.some((r) => l.roles.includes(r.role))).map(({ key, label, url }) => ({ key, label, url }));
}

/**
 * The headings a role's further pages are sorted under on the home page, in order (a county's
 * staff reach some thirty pages: one flat list would be hard to read). A page of no group goes
 * under 其他.
 */
export const LINK_GROUPS: Partial<Record<Role, { title: string; keys: readonly string[] }[]>> = {
  cadre: [
    { title: '驻村工作', keys: ['stationing-checkin', 'visit-mine', 'visit-problems', 'worklog-mine', 'resource-mine', 'workupdate-list'] },
    { title: '考核评价', keys: ['scoring-mine', 'assess-targets', 'report-mine'] },
    { title: '学习交流', keys: ['training-mine', 'question-mine', 'policy-search', 'share-feed'] },
  ],
  staff: [
    { title: '考核评价', keys: ['scoring-ranking', 'scoring-publish', 'scoring-allowance', 'assess-annual', 'assess-targets', 'assess-surveys'] },
    { title: '驻点联系', keys: ['stationing-figure', 'stationing-settings', 'visit-households', 'visit-groups', 'visit-figures', 'visit-problems'] },
    { title: '监督检查', keys: ['inspection-record', 'inspection-reports', 'inspection-figures', 'worklog-unit', 'report-list'] },
    { title: '帮扶与培训', keys: ['resource-unit', 'resource-figures', 'training-manage'] },
    { title: '工作交流', keys: ['workupdate-list', 'workupdate-figures', 'question-figures', 'policy-manage', 'share-feed'] },
  ],
};

export interface LinkGroup {
  /** '' when the role's pages are not grouped (a tutor's one page). */
  title: string;
  links: StartLink[];
}

/** A role's pages under their headings, in the headings' order (and each heading's). */
export function groupLinks(role: Role, links: readonly StartLink[]): LinkGroup[] {
  const groups = LINK_GROUPS[role];
  if (!groups) return links.length ? [{ title: '', links: [...links] }] : [];
  const out = groups.map((g) => ({ title: g.title, links: g.keys.map((k) => links.find((l) => l.key === k)).filter((l): l is StartLink => !!l) }));
  const rest = links.filter((l) => !groups.some((g) => g.keys.includes(l.key)));
  if (rest.length) out.push({ title: '其他', links: rest });
  return out.filter((g) => g.links.length > 0);
}

export interface StartCard {
  role: Role;
  /** e.g. 第一书记 · 十八洞村, or 村群管理员 · 夯沙村、吕洞村. */
  title: string;
  action: string;
  url: string;
  /** Further pages, under the card, in the order of their groups. */
  links: StartLink[];
  groups: LinkGroup[];
}

/** One card per role the person holds, in the order of their grants. */
export function startCards(roles: readonly MyRole[]): StartCard[] {
  const cards: StartCard[] = [];
  for (const r of roles) {
    if (cards.some((c) => c.role === r.role)) continue;
    const same = roles.filter((o) => o.role === r.role);
    const units = same.map((o) => o.unitName).filter((u, i, all) => u && all.indexOf(u) === i);
    const title = units.length ? `${roleTitle(r)} · ${units.join('、')}` : roleTitle(r);
    const reached = (MORE_LINKS[r.role] ?? [])
      .filter((l) => !l.levels || same.some((o) => !!o.level && l.levels!.includes(o.level)))
      .map(({ key, label, url }) => ({ key, label, url }));
    const groups = groupLinks(r.role, reached);
    cards.push({ role: r.role, title, ...START_PAGES[r.role], links: groups.flatMap((g) => g.links), groups });
  }
  return cards;
}

export type CadreKind = 'firstSecretary' | 'teamMember' | 'stationedLeader';

/** The server's names (server/features/people/schema.ts, CADRE_KIND_NAMES). */
export const CADRE_KIND_NAMES: Record<CadreKind, string> = { firstSecretary: '第一书记', teamMember: '驻村工作队员', stationedLeader: '驻点干部' };

export const CADRE_KINDS = Object.keys(CADRE_KIND_NAMES) as CadreKind[];
