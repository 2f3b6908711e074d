/**
 * The pages by route, and moving between them. Staff pages live in the `admin` subpackage
 * (app.json), so a villager's phone never downloads them.
 */
export const ROUTES = {
  home: '/pages/home/index/index',
  bind: '/pages/people/bind/index',
  me: '/pages/people/me/index',
  peopleList: '/pages/admin/people/list/index',
  personDetail: '/pages/admin/people/detail/index',
  personAdd: '/pages/admin/people/add/index',
  units: '/pages/admin/org/units/index',
  fence: '/pages/admin/org/fence/index',
  /** The cadre's check-in page: the reminder message opens it (server/features/checkin/sweeps.ts). */
  checkin: '/pages/checkin/index/index',
  viewers: '/pages/checkin/viewers/index',
  correction: '/pages/checkin/correction/index',
  ledger: '/pages/admin/checkin/ledger/index',
  checkinPerson: '/pages/admin/checkin/person/index',
  corrections: '/pages/admin/checkin/corrections/index',
  schedule: '/pages/admin/checkin/schedule/index',
  /** The cadre's spot checks: the subscription message opens it (server/features/spotcheck/service.ts). */
  spotCheckAnswer: '/pages/spotcheck/answer/index',
  spotCheckIssue: '/pages/admin/spotcheck/issue/index',
  spotCheckBoard: '/pages/admin/spotcheck/board/index',
  spotCheckTasks: '/pages/admin/spotcheck/tasks/index',
  spotCheckFigures: '/pages/admin/spotcheck/figures/index',
  spotCheckSettings: '/pages/admin/spotcheck/settings/index',
  leaveApply: '/pages/leave/apply/index',
  leaveMine: '/pages/leave/mine/index',
  /** The approver's inbox: the approval message opens it (server/features/leave/service.ts). */
  leaveInbox: '/pages/admin/leave/inbox/index',
  leaveLedger: '/pages/admin/leave/ledger/index',
  /** The cadre's own score, allowance and published results. */
  scoringMine: '/pages/scoring/mine/index',
  scoringRanking: '/pages/admin/scoring/ranking/index',
  scoringExplain: '/pages/admin/scoring/explain/index',
  scoringPublish: '/pages/admin/scoring/publish/index',
  scoringAllowance: '/pages/admin/scoring/allowance/index',
  scoringRules: '/pages/admin/scoring/rules/index',
  /** The village group card's landing page (issue 9): it is what a 村群管理员 shares into the group. */
  villageHome: '/pages/village/home/index',
  complaintRaise: '/pages/complaint/raise/index',
  complaintMine: '/pages/complaint/mine/index',
  complaintDetail: '/pages/complaint/detail/index',
  noticeList: '/pages/notice/list/index',
  noticeDetail: '/pages/notice/detail/index',
  /** Handlers' complaint pages and the notices' management, in the admin subpackage. */
  complaintInbox: '/pages/admin/complaint/inbox/index',
  complaintDept: '/pages/admin/complaint/dept/index',
  complaintFigures: '/pages/admin/complaint/figures/index',
  noticeManage: '/pages/admin/notice/manage/index',
  /** Issue 10's pages, in the work subpackage. */
  workLogMine: '/pages/work/log/mine/index',
  workLogUnit: '/pages/work/log/unit/index',
  questionMine: '/pages/work/question/mine/index',
  questionInbox: '/pages/work/question/inbox/index',
  questionFigures: '/pages/work/question/figures/index',
  policySearch: '/pages/work/policy/search/index',
  policyManage: '/pages/work/policy/manage/index',
  shareFeed: '/pages/work/share/feed/index',
  workUpdateList: '/pages/work/update/list/index',
  workUpdateFigures: '/pages/work/update/figures/index',
  /** Inspections (暗访), in the inspection subpackage. */
  inspectionRecord: '/pages/inspection/record/index',
  inspectionDetail: '/pages/inspection/detail/index',
  inspectionReports: '/pages/inspection/reports/index',
  inspectionFigures: '/pages/inspection/figures/index',
  /** Stationing contact (驻点联系), in the stationing subpackage. */
  stationingCheckin: '/pages/stationing/checkin/index',
  stationingFigure: '/pages/stationing/figure/index',
  stationingSettings: '/pages/stationing/settings/index',
  /** Assistance resources (帮扶项目), in the resource subpackage. */
  resourceMine: '/pages/resource/mine/index',
  resourceUnit: '/pages/resource/unit/index',
  resourceFigures: '/pages/resource/figures/index',
  /** The first secretary's semi-annual report: the reminder message opens it (server/features/workreport/service.ts). */
  reportMine: '/pages/report/mine/index',
  reportList: '/pages/report/list/index',
  reportDetail: '/pages/report/detail/index',
  trainingManage: '/pages/training/manage/index',
  trainingCourse: '/pages/training/course/index',
  trainingAttendance: '/pages/training/attendance/index',
  trainingMine: '/pages/training/mine/index',
  /** The three-in-one assessment (三位一体综合考评), in the assess subpackage. */
  assessMyTargets: '/pages/assess/targets/mine/index',
  assessTargets: '/pages/assess/targets/manage/index',
  assessSurveys: '/pages/assess/survey/manage/index',
  /** The villager's 民主测评: the village home page offers it while a survey runs. */
  assessAnswer: '/pages/assess/survey/answer/index',
  assessAnnual: '/pages/assess/annual/ranking/index',
  /** Household visits (走访, issue 11), in the visit subpackage. */
  visitMine: '/pages/visit/mine/index',
  visitHouseholds: '/pages/visit/households/index',
  visitGroups: '/pages/visit/groups/index',
  visitFigures: '/pages/visit/figures/index',
  visitProblems: '/pages/visit/problems/index',
  /** 我的个人信息 (privacy): everyone's, in the main package. */
  myData: '/pages/people/data/index',
  // @routes-issue11 (each feature adds its routes above this line)
} as const;

/** `url?a=1&b=2`, leaving out empty values. */
export function withQuery(url: string, query: Record<string, string | undefined | null>): string {
  const parts = Object.entries(query)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `${url}?${parts.join('&')}` : url;
}

/** Open a page on top of this one; when the page stack is full (10), replace this one instead. */
export function go(url: string): void {
  wx.navigateTo({ url, fail: () => void wx.redirectTo({ url }) });
}

/** Replace this page (going up a level, or on to the page a form created). */
export function replace(url: string): void {
  wx.redirectTo({ url });
}

/** Back to the home page, closing every other page. */
export function goHome(): void {
  wx.reLaunch({ url: ROUTES.home });
}

/** A query value as a page receives it (`onLoad(query)`): decoded, trimmed, '' when absent. */
export function queryValue(query: Record<string, string | undefined> | undefined, key: string): string {
  const raw = query?.[key];
  if (typeof raw !== 'string') return '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
