/** The small modules pages share: codes, error texts, roles and their start pages, routes. */
import { codeFrom, normaliseCode } from './code';
import { errorText } from './answer';
import { ROUTES, withQuery, queryValue } from './nav';
import { LINK_GROUPS, MORE_LINKS, ROLE_NAMES, ROLES, START_PAGES, roleFitsLevel, roleLine, startCards } from './roles';
import type { MyRole, Role } from './roles';
import { childLevel, departmentId, levelName } from './org';

describe('invitation codes', () => {
  it('reads a code as the server does', () => {
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
  });

  it.each([
    ['pages/people/bind/index?code=ABCD2345', 'ABCD2345'],
    ['/pages/people/bind/index?code=abcd2345&x=1', 'ABCD2345'],
    ['code%3DABCD2345', 'ABCD2345'],
    ['abcd 2345', 'ABCD2345'],
    ['https://example.com/some page', ''],
    ['', ''],
    [undefined, ''],
  ])('finds the code in %p', (text, code) => {
    expect(codeFrom(text)).toBe(code);
  });
});

describe('errorText', () => {
  it('passes a message through', () => {
    expect(errorText({ ok: false, code: 'forbidden', message: '没有权限进行此操作' })).toBe('没有权限进行此操作');
  });

  it('names the fields of invalid input', () => {
    const answer = { ok: false as const, code: 'invalid_input', message: '提交的内容不符合要求，请检查后重试', issues: [{ path: 'phone', message: '请输入11位手机号码' }, { path: 'x.y', message: '太长' }] };
    expect(errorText(answer, { phone: '手机号' })).toBe('提交的内容不符合要求，请检查后重试（手机号：请输入11位手机号码；太长）');
  });
});

describe('roles', () => {
  const role = (r: Partial<MyRole> & Pick<MyRole, 'role'>): MyRole => ({ roleName: ROLE_NAMES[r.role], orgUnitId: 'u', unitName: '', level: null, kind: null, kindName: null, ...r });

  it('has a start page and a name for every role', () => {
    for (const r of ROLES) {
      expect(ROLE_NAMES[r]).toBeTruthy();
      expect(Object.values(ROUTES)).toContain(START_PAGES[r].url);
    }
    expect(START_PAGES.staff.url).toBe(ROUTES.units);
    expect(START_PAGES.cadre.url).toBe(ROUTES.checkin);
  });

  it('names a cadre by their kind', () => {
    expect(roleLine(role({ role: 'cadre', kind: 'firstSecretary', kindName: '第一书记', unitName: '十八洞村' }))).toBe('第一书记 · 十八洞村');
    expect(roleLine(role({ role: 'staff', unitName: '花垣县' }))).toBe('组织部门 · 花垣县');
  });

  it('makes one card per role, naming every unit of it', () => {
    const cards = startCards([role({ role: 'staff', unitName: '花垣县' }), role({ role: 'groupAdmin', unitName: '夯沙村' }), role({ role: 'groupAdmin', unitName: '吕洞村' })]);
    expect(cards.map((c) => [c.title, c.url])).toEqual([
      ['组织部门 · 花垣县', ROUTES.units],
      ['村群管理员 · 夯沙村、吕洞村', ROUTES.me],
    ]);
  });

  it('links staff and cadres to their pages under headings, the county-only pages only from a county or the city', () => {
    const groups = (roles: MyRole[]) => startCards(roles).map((c) => [c.role, c.groups.map((g) => [g.title, g.links.map((l) => l.label)])]);
    expect(groups([role({ role: 'staff', unitName: '花垣县', level: 'county' })])).toEqual([
      [
        'staff',
        [
          ['考核评价', ['考核排名', '考核公布', '补助签核', '年度考评', '目标管理', '民主测评管理']],
          ['驻点联系', ['驻点情况', '驻点日设置', '农户管理', '走访小组', '走访统计', '走访问题台账']],
          ['监督检查', ['暗访记录', '暗访通报', '暗访统计', '驻村记实查阅', '工作报告']],
          ['帮扶与培训', ['帮扶项目', '帮扶统计', '培训管理']],
          ['工作交流', ['工作动态', '工作动态完成情况', '辅导统计', '政策文件管理', '互动分享']],
        ],
      ],
    ]);
    const labels = (roles: MyRole[]) => startCards(roles).map((c) => [c.role, c.links.map((l) => l.label)]);
    expect(labels([role({ role: 'staff', unitName: '双龙镇', level: 'township' })])).toEqual([
      ['staff', ['考核排名', '补助签核', '目标管理', '民主测评管理', '驻点情况', '驻点日设置', '农户管理', '走访小组', '走访统计', '走访问题台账', '暗访记录', '暗访统计', '驻村记实查阅', '工作报告', '帮扶项目', '帮扶统计', '培训管理', '工作动态', '辅导统计', '政策文件管理', '互动分享']],
    ]);
    expect(labels([role({ role: 'cadre', unitName: '十八洞村', level: 'village' }), role({ role: 'approver', unitName: '双龙镇' })])).toEqual([
      ['cadre', ['驻点日签到', '入户走访', '问题台账', '驻村记实', '帮扶项目', '工作动态', '我的考核', '我的目标', '半年工作报告', '我的培训', '驻村辅导', '政策文件', '互动分享']],
      ['approver', []],
    ]);
    expect(groups([role({ role: 'tutor', unitName: '湘西州', level: 'city' })])).toEqual([['tutor', [['', ['辅导解答']]]]]);
    for (const l of startCards([role({ role: 'staff', level: 'city' }), role({ role: 'cadre' })]).flatMap((c) => c.links)) expect(Object.values(ROUTES)).toContain(l.url);
  });

  it('puts every page of a grouped role under a heading of its own (none falls to 其他)', () => {
    for (const [r, links] of Object.entries(MORE_LINKS)) {
      const groups = LINK_GROUPS[r as Role];
      if (!groups) continue;
      for (const l of links) expect([r, groups.filter((g) => g.keys.includes(l.key)).length]).toEqual([r, 1]);
    }
  });

  it('knows where each role may be held', () => {
    expect(roleFitsLevel('villager', 'village')).toBe(true);
    expect(roleFitsLevel('villager', 'county')).toBe(false);
    expect(roleFitsLevel('staff', null)).toBe(false);
  });
});

describe('org and routes', () => {
  it('names levels', () => {
    expect(levelName('township')).toBe('乡镇（街道）');
    expect(childLevel('township')).toBe('village');
    expect(childLevel('village')).toBeNull();
  });

  it('gives a department the same valid id for the same name and unit', () => {
    const id = departmentId('county-baojing', '保靖县农业农村局');
    expect(id).toMatch(/^dept-[0-9a-f]{8}$/);
    expect(departmentId('county-baojing', '保靖县农业农村局')).toBe(id);
    expect(departmentId('county-huayuan', '保靖县农业农村局')).not.toBe(id);
  });

  it('builds and reads queries', () => {
    expect(withQuery(ROUTES.personDetail, { id: 'p-1', empty: '', none: undefined })).toBe('/pages/admin/people/detail/index?id=p-1');
    expect(withQuery(ROUTES.units, {})).toBe(ROUTES.units);
    expect(queryValue({ q: '%E5%8D%81%E5%85%AB ' }, 'q')).toBe('十八');
    expect(queryValue(undefined, 'q')).toBe('');
  });
});
