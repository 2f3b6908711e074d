/**
 * Every collection of the backend, with its indexes and its security rule: one declaration that
 * the local cloud creates on start and that deploy creates in CloudBase.
 *
 * Security rules apply to client requests only (functions bypass them). Every collection here is
 * closed to clients: the mini program reaches data only through functions that check the caller.
 */
export interface IndexDecl {
  name: string;
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

export interface CollectionDecl {
  name: string;
  /** Which feature owns it (a feature calls another's service, never its tables). */
  owner: string;
  indexes: IndexDecl[];
  /** CloudBase security rule for client access. */
  rule: { read: boolean; write: boolean };
}

const closed = { read: false, write: false } as const;

export const collections: CollectionDecl[] = [
  { name: 'jobRuns', owner: 'kernel', indexes: [], rule: closed },
  {
    name: 'orgUnits',
    owner: 'org',
    indexes: [
      { name: 'path', keys: { path: 1 } },
      { name: 'parent_name', keys: { parentId: 1, name: 1 }, unique: true },
    ],
    rule: closed,
  },
  {
    name: 'people',
    owner: 'people',
    indexes: [
      { name: 'openid', keys: { openid: 1 } },
      { name: 'phone', keys: { phone: 1 }, unique: true },
      { name: 'homePath_name', keys: { homePath: 1, name: 1 } },
      { name: 'grants_path', keys: { 'grants.path': 1 } },
      { name: 'station_village', keys: { 'station.villageId': 1 } },
      { name: 'station_path', keys: { 'station.path': 1 } },
    ],
    rule: closed,
  },
  {
    name: 'assignments',
    owner: 'people',
    indexes: [
      { name: 'person_active', keys: { personId: 1, active: 1 } },
      { name: 'villagePath_start', keys: { villagePath: 1, start: -1 } },
      { name: 'active_end', keys: { active: 1, end: 1 } },
    ],
    rule: closed,
  },
  // _id is the SHA-256 of the code: looking a code up is a read by id.
  { name: 'invites', owner: 'people', indexes: [{ name: 'person', keys: { personId: 1 } }], rule: closed },
  // _id is the OPENID: one binding per WeChat user, enforced by the primary key.
  { name: 'bindings', owner: 'people', indexes: [{ name: 'person', keys: { personId: 1 } }], rule: closed },
  {
    name: 'checkins',
    owner: 'checkin',
    indexes: [
      { name: 'person_captured', keys: { personId: 1, capturedAt: -1 } },
      { name: 'villagePath_date', keys: { villagePath: 1, date: 1 } },
      { name: 'windowKey', keys: { windowKey: 1 } },
      { name: 'receivedAt', keys: { receivedAt: 1 } },
    ],
    rule: closed,
  },
  // _id `<personId>.<date>.<windowId>`: one record per cadre per window, kept for good.
  {
    name: 'attendance',
    owner: 'checkin',
    indexes: [
      { name: 'villagePath_date', keys: { villagePath: 1, date: 1 } },
      { name: 'person_date', keys: { personId: 1, date: -1 } },
    ],
    rule: closed,
  },
  {
    name: 'corrections',
    owner: 'checkin',
    indexes: [
      { name: 'person_month', keys: { personId: 1, month: 1 } },
      { name: 'villagePath_created', keys: { villagePath: 1, createdAt: -1 } },
    ],
    rule: closed,
  },
  // _id `<personId>.<YYYY-MM>`: a cadre's month of attendance, its windows not simply on post (months.ts), what scoring reads.
  { name: 'attendanceMonths', owner: 'checkin', indexes: [{ name: 'month', keys: { month: 1 } }], rule: closed },
  // _id `<countyId>.<YYYY-MM>`: the windows of a county's month the window-close sweep has settled (months.ts).
  { name: 'closedWindows', owner: 'checkin', indexes: [], rule: closed },
  // _id `<personId>.<YYYY-MM>`: corrections used in a month.
  { name: 'correctionQuotas', owner: 'checkin', indexes: [], rule: closed },
  // _id `<batchId>.<personId>`: one per cadre per issue.
  {
    name: 'spotChecks',
    owner: 'spotcheck',
    indexes: [
      { name: 'status_deadline', keys: { status: 1, deadline: 1 } },
      { name: 'status_closed', keys: { status: 1, closedAt: 1 } },
      { name: 'person_issued', keys: { personId: 1, issuedAt: -1 } },
      { name: 'villagePath_date', keys: { villagePath: 1, date: 1 } },
      { name: 'villagePath_month', keys: { villagePath: 1, month: 1 } },
      { name: 'batch', keys: { batchId: 1 } },
    ],
    rule: closed,
  },
  // Draw records (`_id` the batch id) and their eligible lists in chunks (`<drawId>.<seed>.e<k>`).
  { name: 'spotCheckDraws', owner: 'spotcheck', indexes: [{ name: 'draw_seed_k', keys: { drawId: 1, seed: 1, k: 1 } }], rule: closed },
  // _id `<kind>.<spotCheckId>`: the ladder's steps (inquiry, notice, talk, recall).
  {
    name: 'escalations',
    owner: 'spotcheck',
    indexes: [
      { name: 'villagePath_created', keys: { villagePath: 1, createdAt: -1 } },
      { name: 'villagePath_month', keys: { villagePath: 1, month: 1 } },
      // A cadre's own record (privacy.myData).
      { name: 'person_created', keys: { personId: 1, createdAt: -1 } },
    ],
    rule: closed,
  },
  // _id `lv-<hash of person and clientId>`: leave requests with their approval chains.
  {
    name: 'leaves',
    owner: 'leave',
    indexes: [
      { name: 'person_year', keys: { personId: 1, year: 1 } },
      { name: 'current_status', keys: { currentUnitId: 1, status: 1 } },
      { name: 'villagePath_month', keys: { villagePath: 1, 'months.month': 1 } },
      { name: 'status_dates', keys: { status: 1, startDate: 1, endDate: 1 } },
    ],
    rule: closed,
  },
  // _id `<personId>.<period>`: a cadre's working score for a month or quarter, with a month's allowance (驻村补助) inside (scoring).
  {
    name: 'scores',
    owner: 'scoring',
    indexes: [
      { name: 'county_period_total', keys: { countyId: 1, period: 1, total: -1 } },
      { name: 'villagePath_period_total', keys: { villagePath: 1, period: 1, total: -1 } },
      { name: 'allowance_signoff', keys: { 'allowance.signoffId': 1 } },
      // A cadre's periods (the annual assessment reads a year of monthly totals).
      { name: 'person_period', keys: { personId: 1, period: 1 } },
    ],
    rule: closed,
  },
  // _id `rs-<hash>`: the scoring rules some scores were computed by, kept for good (a score's lines are worked out from them).
  { name: 'scoreRuleSets', owner: 'scoring', indexes: [], rule: closed },
  // _id `<countyId>.<period>` (a county graded) or `all.<month>` (the month's scoring done).
  { name: 'scoreRuns', owner: 'scoring', indexes: [], rule: closed },
  // _id `pub.<unitId>.<period>.v<n>`: a publication; its frozen rows are in publishedScores.
  { name: 'publications', owner: 'scoring', indexes: [{ name: 'unit_period_version', keys: { unitId: 1, period: 1, version: -1 } }], rule: closed },
  {
    name: 'publishedScores',
    owner: 'scoring',
    indexes: [
      { name: 'pub_rank', keys: { pubId: 1, rank: 1 } },
      { name: 'person_period', keys: { personId: 1, period: 1 } },
    ],
    rule: closed,
  },
  // _id `<personId>.<YYYY-MM>`: frozen copies of signed allowances (驻村补助), until their sign-off is taken back.
  { name: 'allowances', owner: 'scoring', indexes: [{ name: 'signoff', keys: { signoffId: 1 } }], rule: closed },
  // _id `<unitId>.<month>.<clientId>`: staff sign-offs of a unit's allowances.
  { name: 'allowanceSignoffs', owner: 'scoring', indexes: [{ name: 'unit_month', keys: { unitId: 1, month: 1 } }], rule: closed },
  // _id the group's opengid: which village a WeChat group is (bound by its 村群管理员).
  { name: 'villageGroups', owner: 'village', indexes: [{ name: 'village', keys: { villageId: 1 } }], rule: closed },
  // _id `<openid>.<villageId>`: WeChat users who came from a village's group (villagers have no person).
  {
    name: 'villagers',
    owner: 'village',
    indexes: [
      { name: 'openid_last', keys: { openid: 1, lastAt: -1 } },
      { name: 'village', keys: { villageId: 1 } },
    ],
    rule: closed,
  },
  // _id `cp-<hash of the villager and their clientId>`: villagers' complaints with their whole record.
  {
    name: 'complaints',
    owner: 'complaint',
    indexes: [
      { name: 'openid_raised', keys: { openid: 1, raisedAt: -1 } },
      { name: 'villagePath_status', keys: { villagePath: 1, status: 1, raisedAt: 1 } },
      { name: 'villagePath_month', keys: { villagePath: 1, month: 1 } },
      { name: 'dept_status', keys: { 'dept.unitId': 1, 'dept.id': 1, status: 1, deadline: 1 } },
      { name: 'status_stage_warn', keys: { status: 1, stage: 1, warnAt: 1 } },
      { name: 'status_stage_deadline', keys: { status: 1, stage: 1, deadline: 1 } },
      { name: 'status_stage_escalate', keys: { status: 1, stage: 1, escalateAt: 1 } },
      { name: 'status_rateBy', keys: { status: 1, rateBy: 1 } },
    ],
    rule: closed,
  },
  // _id `pn-<hash of the publisher and their clientId>`: a village's public notices (公示公开).
  { name: 'publicNotices', owner: 'publicnotice', indexes: [{ name: 'village_kind_at', keys: { villageId: 1, kind: 1, publishedAt: -1 } }], rule: closed },
  // _id `<noticeId>.<openid>`: a villager read a notice (the read count is their number).
  { name: 'publicNoticeReads', owner: 'publicnotice', indexes: [{ name: 'notice', keys: { noticeId: 1 } }], rule: closed },
  // _id `wl-<hash of the cadre and their clientId>`: work logs (驻村记实), with their edit history and staff comments.
  {
    name: 'workLogs',
    owner: 'worklog',
    indexes: [
      { name: 'person_date', keys: { personId: 1, date: -1 } },
      { name: 'villagePath_date', keys: { villagePath: 1, date: -1 } },
      { name: 'month_person', keys: { month: 1, personId: 1 } },
    ],
    rule: closed,
  },
  // Work updates (工作动态) posted by staff and dispatching units.
  {
    name: 'workUpdates',
    owner: 'workupdate',
    indexes: [
      { name: 'district_week', keys: { districtId: 1, week: 1 } },
      { name: 'unitPath_at', keys: { unitPath: 1, postedAt: -1 } },
      // A county's list: the posts counting for it (its subtree's, and its city's about it).
      { name: 'district_at', keys: { districtId: 1, postedAt: -1 } },
    ],
    rule: closed,
  },
  // _id `wr-<week>.<districtId>`: the week's reminder to a district short of its work-update quota (sent once).
  { name: 'workUpdateReminders', owner: 'workupdate', indexes: [], rule: closed },
  // Tutoring questions (驻村辅导) and their answers.
  {
    name: 'questions',
    owner: 'question',
    indexes: [
      { name: 'asker_at', keys: { askerId: 1, askedAt: -1 } },
      // A tutor's inbox: their topics under their unit, waiting ones first.
      { name: 'path_topic_waiting', keys: { villagePath: 1, topic: 1, waiting: -1, askedAt: -1 } },
      // Staff's lists and the monthly figure (with the first answer's delay, for the median).
      { name: 'path_month', keys: { villagePath: 1, month: 1, firstAnswerMs: 1 } },
      // The reminder sweep: open, past the deadline, not yet reminded.
      { name: 'status_due', keys: { status: 1, dueAt: 1 } },
    ],
    rule: closed,
  },
  // _id `po-<hash of the publisher and their clientId>`: the policy library (政策文件), each document published for a unit.
  {
    name: 'policies',
    owner: 'policy',
    indexes: [
      { name: 'unit_date', keys: { unitId: 1, issuedOn: -1, publishedAt: -1 } },
      { name: 'unitPath_published', keys: { unitPath: 1, publishedAt: -1 } },
      { name: 'tags', keys: { tags: 1 } },
    ],
    rule: closed,
  },
  // _id `sh-<hash of the cadre and their clientId>`: experience sharing (互动分享), each post with its like count and its comments.
  {
    name: 'shares',
    owner: 'share',
    indexes: [
      { name: 'unitPath_at', keys: { unitPath: 1, postedAt: -1 } },
      { name: 'unitPath_featured_at', keys: { unitPath: 1, featured: -1, postedAt: -1 } },
      { name: 'person_at', keys: { personId: 1, postedAt: -1 } },
    ],
    rule: closed,
  },
  // _id `<shareId>.<personId>`: one like per person and post.
  { name: 'shareLikes', owner: 'share', indexes: [{ name: 'share', keys: { shareId: 1 } }], rule: closed },
  // _id the person: a counter that lets one application of a person commit at a time.
  { name: 'leaveSeqs', owner: 'leave', indexes: [], rule: closed },
  // _id `<personId>.<templateKey>`: the grants a person banked by tapping 允许.
  { name: 'subscriptions', owner: 'notify', indexes: [{ name: 'template_id', keys: { template: 1, _id: 1 } }], rule: closed },
  {
    name: 'audit',
    owner: 'audit',
    indexes: [
      { name: 'unitPath_at', keys: { unitPath: 1, at: -1 } },
      { name: 'target_at', keys: { 'target.id': 1, at: -1 } },
    ],
    rule: closed,
  },
  // _id `ins-<hash of the inspector and their clientId>`: a retried record is one document.
  {
    name: 'inspections',
    owner: 'inspection',
    indexes: [
      { name: 'villagePath_month', keys: { villagePath: 1, month: 1, date: -1 } },
      { name: 'absentIds_date', keys: { absentIds: 1, date: 1 } },
      { name: 'teamIds_date', keys: { teamIds: 1, date: 1 } },
      { name: 'county_ack_created', keys: { countyId: 1, ack: 1, createdAt: -1 } },
      { name: 'inspector_created', keys: { inspectorId: 1, createdAt: -1 } },
    ],
    rule: closed,
  },
  {
    name: 'resourceProjects',
    owner: 'resource',
    indexes: [
      { name: 'village_created', keys: { villageId: 1, createdAt: -1 } },
      { name: 'villagePath_confirmed_updated', keys: { villagePath: 1, confirmed: 1, updatedAt: -1 } },
    ],
    rule: closed,
  },
  {
    name: 'resourceDeeds',
    owner: 'resource',
    indexes: [
      { name: 'village_date', keys: { villageId: 1, date: -1 } },
      { name: 'villagePath', keys: { villagePath: 1 } },
    ],
    rule: closed,
  },
  // _id `<personId>.<period>`: first secretaries' semi-annual written reports (半年工作报告), with their reviews.
  {
    name: 'workReports',
    owner: 'workreport',
    indexes: [
      { name: 'villagePath_period', keys: { villagePath: 1, period: 1 } },
      { name: 'person_period', keys: { personId: 1, period: -1 } },
    ],
    rule: closed,
  },
  // _id `<period>.<countyId>`: whom a half-year's deadline reminder went to in a county (sent once each).
  { name: 'workReportReminders', owner: 'workreport', indexes: [], rule: closed },
  // _id `<personId>.<date>`: one stationing-day check-in (驻点签到, with photos) per cadre per stationing day.
  {
    name: 'stationingRecords',
    owner: 'stationing',
    indexes: [
      { name: 'villagePath_week', keys: { villagePath: 1, week: 1, counted: 1 } },
      { name: 'village_week', keys: { villageId: 1, week: 1 } },
      // A cadre's own records (privacy.myData).
      { name: 'person_date', keys: { personId: 1, date: -1 } },
    ],
    rule: closed,
  },
  // The three-in-one assessment (三位一体综合考评). _id `<personId>.<year>`: a cadre's targets of a year (目标管理).
  {
    name: 'assessPlans',
    owner: 'assessment',
    // A cadre's own plans (privacy.myData).
    indexes: [{ name: 'county_year', keys: { countyId: 1, year: 1 } }, { name: 'person_year', keys: { personId: 1, year: -1 } }],
    rule: closed,
  },
  // _id `pg-<hash of the cadre and their clientId>`: progress recorded on a target.
  { name: 'assessProgress', owner: 'assessment', indexes: [{ name: 'person_year_at', keys: { personId: 1, year: 1, at: -1 } }], rule: closed },
  // _id `sv-<hash>`: a village's democratic evaluation survey (民主测评).
  {
    name: 'assessSurveys',
    owner: 'assessment',
    indexes: [
      { name: 'village_status_closes', keys: { villageId: 1, status: 1, closesAt: 1 } },
      { name: 'villagePath_year_opened', keys: { villagePath: 1, year: 1, openedAt: -1 } },
      { name: 'county_year', keys: { countyId: 1, year: 1 } },
      { name: 'status_closes', keys: { status: 1, closesAt: 1 } },
    ],
    rule: closed,
  },
  // _id `sr-<salted hash of the survey and the respondent's OPENID>`: one anonymous response per person and survey.
  {
    name: 'assessResponses',
    owner: 'assessment',
    indexes: [
      { name: 'survey', keys: { surveyId: 1 } },
      { name: 'county_year', keys: { countyId: 1, year: 1 } },
    ],
    rule: closed,
  },
  // _id `<countyId>.<year>.<personId>`: the working annual result; `<countyId>.<year>`: its computation.
  {
    name: 'assessResults',
    owner: 'assessment',
    indexes: [
      { name: 'county_year_rank', keys: { countyId: 1, year: 1, rank: 1 } },
      { name: 'county_year_kind_rank', keys: { countyId: 1, year: 1, kind: 1, kindRank: 1 } },
      { name: 'villagePath_year_rank', keys: { villagePath: 1, year: 1, rank: 1 } },
    ],
    rule: closed,
  },
  { name: 'assessRuns', owner: 'assessment', indexes: [], rule: closed },
  // _id `apub.<countyId>.<year>.v<n>`: a publication of the annual result; its frozen rows are in assessPublished.
  { name: 'assessPublications', owner: 'assessment', indexes: [{ name: 'county_year_version', keys: { countyId: 1, year: 1, version: -1 } }], rule: closed },
  {
    name: 'assessPublished',
    owner: 'assessment',
    indexes: [
      { name: 'pub_rank', keys: { pubId: 1, rank: 1 } },
      { name: 'person_year', keys: { personId: 1, year: -1 } },
    ],
    rule: closed,
  },
  // _id `tc-<hash of the creator and their clientId>`: training courses (任前培训, 专题培训, 业务培训) of a city, county or township.
  { name: 'trainingCourses', owner: 'training', indexes: [{ name: 'unitPath_created', keys: { unitPath: 1, createdAt: -1 } }], rule: closed },
  // _id `ts-<hash of the creator and their clientId>`: a course's sessions, each at a venue with a check-in radius.
  {
    name: 'trainingSessions',
    owner: 'training',
    indexes: [
      { name: 'course_starts', keys: { courseId: 1, startsAt: 1 } },
      { name: 'openTo_ends', keys: { openTo: 1, endsAt: 1 } },
    ],
    rule: closed,
  },
  // _id `<sessionId>.<personId>`: who is enrolled in a session, with their check-in at the venue (the attendance).
  {
    name: 'trainingEnrolments',
    owner: 'training',
    indexes: [
      { name: 'session', keys: { sessionId: 1 } },
      { name: 'person_starts', keys: { personId: 1, startsAt: -1 } },
    ],
    rule: closed,
  },
  // _id `hh-<hash of the village, the head, the 村民小组 and the house>`: households (户) of a village, imported or added by hand (visit).
  {
    name: 'visitHouseholds',
    owner: 'visit',
    indexes: [
      { name: 'village_group_head', keys: { villageId: 1, active: 1, group: 1, head: 1 } },
      { name: 'coverGroup_group_head', keys: { groupId: 1, active: 1, group: 1, head: 1 } },
      { name: 'villagePath_active', keys: { villagePath: 1, active: 1 } },
    ],
    rule: closed,
  },
  // _id the village: its "2+1" visit groups, in one document (one group per cadre, by a single-document transaction).
  { name: 'visitGroups', owner: 'visit', indexes: [], rule: closed },
  // _id `<groupId>.<YYYY-MM>`: a group's monthly visit plan, and the households it visited that month.
  {
    name: 'visitPlans',
    owner: 'visit',
    indexes: [
      { name: 'village_month', keys: { villageId: 1, month: 1 } },
      { name: 'villagePath_month', keys: { villagePath: 1, month: 1 } },
    ],
    rule: closed,
  },
  // _id `vs-<hash of the cadre and their clientId>`: logged household visits (走访).
  {
    name: 'visits',
    owner: 'visit',
    indexes: [
      { name: 'villagePath_month_at', keys: { villagePath: 1, month: 1, at: -1 } },
      { name: 'household_at', keys: { householdId: 1, at: -1 } },
      // The visits a cadre was at (privacy.myData).
      { name: 'present_at', keys: { 'present.personId': 1, at: -1 } },
    ],
    rule: closed,
  },
  // _id `<pubId>.<attempt>`: the visit figures frozen with a scoring publication.
  { name: 'visitFigures', owner: 'visit', indexes: [], rule: closed },
  // The access log (privacy): one document per staff read of people's personal data, listing whose; kept three years.
  {
    name: 'accessLogs',
    owner: 'privacy',
    indexes: [
      { name: 'subjects_at', keys: { subjectIds: 1, at: -1 } },
      { name: 'openids_at', keys: { subjectOpenids: 1, at: -1 } },
      { name: 'at', keys: { at: 1 } },
    ],
    rule: closed,
  },
  // @collections-issue11 (each feature adds its collections above this line)
];
