/**
 * Tutoring through the api and the timer: asking (one question per clientId, photos only from
 * the asker's folder), answering by the topic's tutors in scope only (a tutor of another topic
 * is refused), solved and the one follow-up, the deadline from the Chinese calendar and per
 * county, the overdue reminder with the timer fired twice, the figure's exact median, and
 * refusals out of scope writing nothing.
 */
import { startTestCloud, type TestCloud } from '../../../test/harness';
import { seedDemo } from '../../../scripts/demo/seed';
import { SYSTEM, freshPerson } from '../../../test/fixtures';
import { db, storage } from '../../platform/cloud';
import { now } from '../../kernel/clock';
import { bind, createInvite, grantRole } from '../people/service';
import { templateId } from '../notify/templates';
import { remind } from './service';
import { topicsOfSpecialty } from './rules';

const CADRE = 'demo-fs-shibadong'; // 蒋文博, 十八洞村第一书记 (双龙镇, 花垣县)
const CADRE_ID = 'p-fs-shibadong';
const NEIGHBOUR = 'demo-tm-shibadong-1'; // another cadre of 十八洞村
const FAR_CADRE = 'demo-fs-hangsha'; // 夯沙村 (保靖县)
const TUTOR = 'demo-tutor'; // 麻绍华, city-wide: 茶叶、猕猴桃种植与村级集体经济 → 产业发展
const COUNTY = 'demo-hy-staff';
const TOWN = 'demo-sl-staff';
const CITY = 'demo-city-staff-xiang';
const OTHER_COUNTY = 'demo-bj-staff';

let t: TestCloud;
let n = 0;
const cid = () => `question-${++n}-abcdefgh`;
const at = (iso: string) => t.cloud.clock.set(iso, { frozen: true });
const count = async () => (await db.collection('questions').count()).total;
const doc = async (id: string) => (await db.collection('questions').doc(id).get()).data as any;

/** A bound tutor at `unitId` with `specialty`; returns their openid. */
async function tutor(unitId: string, specialty: string): Promise<string> {
  const p = await freshPerson(unitId);
  await grantRole(SYSTEM, now(), { personId: p._id, role: 'tutor', orgUnitId: unitId, specialty });
  const { code } = await createInvite(SYSTEM, now(), p);
  const openid = `o-tutor-${++n}`;
  await bind(openid, now(), code);
  return openid;
}

async function ask(topic: string, extra: Record<string, unknown> = {}, openid = CADRE): Promise<string> {
  const r = await t.call('question.ask', { clientId: cid(), topic, title: '猕猴桃园土壤偏酸怎么改良', body: '村里新建的两百亩猕猴桃园，土壤检测pH只有4.8，叶片发黄，该怎么改良？', ...extra }, openid);
  expect(r).toMatchObject({ ok: true, data: { status: 'open' } });
  return r.data.id;
}

let GOV_TUTOR: string; // 双龙镇: 基层治理
let BJ_TUTOR: string; // 保靖县: 产业发展 (another county)

beforeAll(async () => {
  t = await startTestCloud();
  at('2026-05-12T10:00:00+08:00'); // a Tuesday
  await seedDemo();
  GOV_TUTOR = await tutor('town-shuanglong', '基层治理');
  BJ_TUTOR = await tutor('county-baojing', '产业发展、乡村建设');
}, 60_000);
afterAll(() => t.stop());

describe('topics of a specialty', () => {
  it('reads topic names, keys and a free description, and always takes 其他', () => {
    expect(topicsOfSpecialty('茶叶、猕猴桃种植与村级集体经济')).toEqual(['industry', 'other']);
    expect(topicsOfSpecialty('基层治理、政策法规')).toEqual(['governance', 'policy', 'other']);
    expect(topicsOfSpecialty('livelihood')).toEqual(['livelihood', 'other']);
    expect(topicsOfSpecialty(undefined)).toEqual(['other']);
  });
});

describe('asking and answering', () => {
  it('asks with photos once per clientId, reaches the topic’s tutor, who answers', async () => {
    const form = await t.call('question.form', {}, CADRE);
    expect(form).toMatchObject({ ok: true, data: { village: { id: 'vil-shibadong', name: '十八洞村' }, uploadFolder: `questions/${CADRE_ID}/`, maxPhotos: 3, answerDays: 2 } });
    const tutors = Object.fromEntries(form.data.topics.map((x: any) => [x.key, x.tutors]));
    expect(tutors).toMatchObject({ industry: 1, governance: 1, policy: 0, other: 2 });

    const photo = await storage.upload(`questions/${CADRE_ID}/soil.jpg`, Buffer.from('photo'));
    const input = { clientId: cid(), topic: 'industry', title: '猕猴桃园土壤偏酸怎么改良', body: '土壤检测pH只有4.8，叶片发黄，该怎么改良？', photoFileIds: [photo] };
    const before = await count();
    const a = await t.call('question.ask', input, CADRE);
    const b = await t.call('question.ask', input, CADRE);
    expect(a).toMatchObject({ ok: true, data: { status: 'open', statusName: '待解答', topicName: '产业发展', villageName: '十八洞村', dueAt: new Date('2026-05-14T18:00:00+08:00').toISOString() } });
    expect(b.data.id).toBe(a.data.id);
    expect(await count()).toBe(before + 1);
    const id = a.data.id;

    // The tutor's inbox: waiting ones first.
    const box = await t.call('question.inbox', {}, TUTOR);
    expect(box.data.items[0]).toMatchObject({ id, status: 'open', askerName: '蒋文博' });
    expect(box.data.counts.open).toBeGreaterThanOrEqual(1);
    // Not in the governance tutor's, nor the other county's.
    expect((await t.call('question.inbox', {}, GOV_TUTOR)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect((await t.call('question.inbox', {}, BJ_TUTOR)).data.items.map((i: any) => i.id)).not.toContain(id);

    at('2026-05-12T13:00:00+08:00');
    const ans = await t.call('question.answer', { id, text: '每亩撒施生石灰100公斤，配合有机肥，三个月后复测。' }, TUTOR);
    expect(ans).toMatchObject({ ok: true, data: { status: 'answered', answers: 1, thread: [{ kind: 'answer', byName: '麻绍华', unitName: '湘西土家族苗族自治州' }] } });
    // A retried answer is one answer.
    await t.call('question.answer', { id, text: '每亩撒施生石灰100公斤，配合有机肥，三个月后复测。' }, TUTOR);
    expect((await doc(id)).thread).toHaveLength(1);
    expect((await doc(id)).firstAnswerMs).toBe(3 * 3_600_000);

    // The asker, the tutor and staff in scope read it with its photo.
    for (const who of [CADRE, TUTOR, TOWN, COUNTY, CITY]) {
      const g = await t.call('question.get', { id }, who);
      expect(g).toMatchObject({ ok: true, data: { id, body: input.body, thread: [{ name: '解答' }] } });
      expect(g.data.photos[0]).toMatch(/^http/);
    }
    expect((await t.call('question.get', { id }, CADRE)).data.can).toEqual({ answer: false, solve: true, followUp: true });
    expect((await t.call('question.mine', {}, CADRE)).data.items.map((i: any) => i.id)).toContain(id);
    at('2026-05-12T10:00:00+08:00');
  });

  it('refuses bad input, photos not the asker’s or over the limit, and non-cadres, writing nothing', async () => {
    const mine = await storage.upload(`questions/${CADRE_ID}/ok.jpg`, Buffer.from('p'));
    const theirs = await storage.upload('questions/p-tm-shibadong-1/x.jpg', Buffer.from('p'));
    const base = { clientId: cid(), topic: 'industry', title: '合作社分红怎么算', body: '村集体经济合作社今年第一次分红，比例怎么定比较合适？' };
    const before = await count();
    const bad = [
      { ...base, clientId: cid(), title: '短' },
      { ...base, clientId: cid(), topic: '养猪' },
      { ...base, clientId: cid(), body: '' },
      { ...base, clientId: cid(), photoFileIds: [mine, mine, mine, mine] },
      { ...base, clientId: cid(), photoFileIds: [theirs] },
      { ...base, clientId: cid(), photoFileIds: [`cloud://local.bucket/questions/${CADRE_ID}/never-uploaded.jpg`] },
      { ...base, clientId: 'x' },
      { ...base, clientId: cid(), askerId: 'p-someone' },
    ];
    for (const input of bad) expect(await t.call('question.ask', input, CADRE)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('question.ask', { ...base, clientId: cid() }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.ask', { ...base, clientId: cid() }, 'o-nobody')).toMatchObject({ ok: false, code: 'not_bound' });
    expect(await count()).toBe(before);
  });
});

describe('a tutor answers only their topics in their scope', () => {
  it('refuses a tutor answering outside their topic, and a tutor of another county', async () => {
    const gov = await ask('governance', { title: '村规民约怎么修订', body: '村里想修订村规民约，需要走哪些程序，村民代表会议怎么开？' });
    const r = await t.call('question.answer', { id: gov, text: '先由村两委拟草案，再提交村民代表会议表决。' }, TUTOR);
    expect(r).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('基层治理') });
    expect(await doc(gov)).toMatchObject({ status: 'open', answers: 0, thread: [] });
    expect((await t.call('question.inbox', {}, TUTOR)).data.items.map((i: any) => i.id)).not.toContain(gov);
    expect(await t.call('question.get', { id: gov }, TUTOR)).toMatchObject({ ok: false, code: 'not_found' });
    // The township's governance tutor answers it.
    expect((await t.call('question.inbox', {}, GOV_TUTOR)).data.items[0]).toMatchObject({ id: gov });
    expect(await t.call('question.answer', { id: gov, text: '先由村两委拟草案，再提交村民代表会议表决。' }, GOV_TUTOR)).toMatchObject({ ok: true, data: { status: 'answered', thread: [{ unitName: '双龙镇' }] } });

    // An industry tutor of 保靖县 is out of scope for 十八洞村.
    const ind = await ask('industry');
    expect(await t.call('question.answer', { id: ind, text: '建议施用石灰改良。' }, BJ_TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.get', { id: ind }, BJ_TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await doc(ind)).toMatchObject({ answers: 0, thread: [] });
    // Bad input on answering writes nothing either.
    expect(await t.call('question.answer', { id: ind, text: '' }, TUTOR)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('question.answer', { id: 'qn-000000000000000000000000', text: '建议施用石灰改良。' }, TUTOR)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await doc(ind)).toMatchObject({ answers: 0, thread: [] });
    await t.call('question.answer', { id: ind, text: '建议施用石灰改良。' }, TUTOR);
  });
});

describe('solved and the follow-up', () => {
  it('reopens once with a follow-up, keeps the thread, then is solved', async () => {
    const id = await ask('industry');
    expect(await t.call('question.solve', { id }, CADRE)).toMatchObject({ ok: false, code: 'conflict' });
    expect(await t.call('question.followUp', { id, text: '还没人回答' }, CADRE)).toMatchObject({ ok: false, code: 'conflict' });
    await t.call('question.answer', { id, text: '撒施生石灰。' }, TUTOR);

    at('2026-05-13T09:00:00+08:00'); // Wednesday
    const f = await t.call('question.followUp', { id, text: '石灰撒多少合适？' }, CADRE);
    expect(f).toMatchObject({ ok: true, data: { status: 'open', followedUp: true, dueAt: new Date('2026-05-15T18:00:00+08:00').toISOString(), can: { followUp: false, solve: true } } });
    // A retried follow-up is one follow-up; another cadre cannot follow up or solve it.
    expect(await t.call('question.followUp', { id, text: '石灰撒多少合适？' }, CADRE)).toMatchObject({ ok: true });
    expect(await t.call('question.followUp', { id, text: '我也想问' }, NEIGHBOUR)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await t.call('question.solve', { id }, NEIGHBOUR)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await t.call('question.inbox', {}, TUTOR)).data.items.find((i: any) => i.id === id)).toMatchObject({ status: 'open' });

    await t.call('question.answer', { id, text: '每亩100公斤。' }, TUTOR);
    expect(await t.call('question.followUp', { id, text: '再问一次' }, CADRE)).toMatchObject({ ok: false, code: 'conflict', message: '每个问题只能追问一次' });
    const s = await t.call('question.solve', { id }, CADRE);
    expect(s).toMatchObject({ ok: true, data: { status: 'solved', statusName: '已解决', can: { answer: false, solve: false, followUp: false } } });
    expect(s.data.thread.map((e: any) => e.kind)).toEqual(['answer', 'followUp', 'answer', 'solve']);
    expect(await t.call('question.solve', { id }, CADRE)).toMatchObject({ ok: true });
    expect(await t.call('question.answer', { id, text: '补充一点。' }, TUTOR)).toMatchObject({ ok: false, code: 'conflict' });
    expect((await doc(id)).thread).toHaveLength(4);
    // The first answer's delay is kept; the follow-up does not change it.
    expect((await doc(id)).firstAnswerMs).toBe(0);
    at('2026-05-12T10:00:00+08:00');
  });
});

describe('the deadline and the overdue reminder', () => {
  it('counts working days of the Chinese calendar, and a county may set its own', async () => {
    at('2026-04-30T10:00:00+08:00'); // Thursday before the Labour Day holiday (1–5 May)
    const id = await ask('policy');
    expect(new Date((await doc(id)).dueAt).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-05-06T18:00:00+08:00'));

    at('2026-05-12T10:00:00+08:00');
    expect(await t.call('question.getRules', { countyId: 'county-huayuan' }, COUNTY)).toMatchObject({ ok: true, data: { rules: { answerDays: 2 } } });
    expect(await t.call('question.setRules', { countyId: 'county-huayuan', rules: { answerDays: 0 } }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('question.setRules', { countyId: 'county-huayuan', rules: { answerDays: 3 } }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.setRules', { countyId: 'county-huayuan', rules: { answerDays: 3 } }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.setRules', { countyId: 'town-shuanglong', rules: { answerDays: 3 } }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('question.getRules', { countyId: 'county-huayuan' }, COUNTY)).toMatchObject({ ok: true, data: { rules: { answerDays: 2 } } });
    expect(await t.call('question.setRules', { countyId: 'county-huayuan', rules: { answerDays: 3 } }, COUNTY)).toMatchObject({ ok: true });
    const later = await ask('policy');
    expect((await doc(later)).dueAt).toEqual(new Date('2026-05-15T18:00:00+08:00'));
    // Another county keeps the default.
    const far = await ask('policy', {}, FAR_CADRE);
    expect((await doc(far)).dueAt).toEqual(new Date('2026-05-14T18:00:00+08:00'));
    await t.call('question.setRules', { countyId: 'county-huayuan', rules: { answerDays: 2 } }, COUNTY);
  });

  it('reminds the topic’s tutors in scope once, with the timer fired twice', async () => {
    at('2026-05-12T10:00:00+08:00');
    // Everything still waiting is due by now: clear the slate so that this test's questions are the run's.
    await remind(new Date('2026-05-20T00:00:00+08:00'));
    const a = await ask('industry', { title: '茶园采摘人手不够' });
    const b = await ask('industry', { title: '猕猴桃销路怎么打开' });
    const gov = await ask('governance', { title: '红白理事会怎么成立' });
    await t.call('question.answer', { id: gov, text: '由村民代表大会推选。' }, GOV_TUTOR);
    for (const o of [TUTOR, GOV_TUTOR, BJ_TUTOR]) {
      t.cloud.messages.grant(o, templateId('questionDue'), 2);
      for (let i = 0; i < 2; i++) expect(await t.call('notify.recordGrants', { accepted: ['questionDue'] }, o)).toMatchObject({ ok: true });
    }
    const sentBefore = t.cloud.messages.outbox().length;

    at('2026-05-14T17:59:00+08:00'); // before the deadline (Thursday 18:00): nothing
    expect(await remind(t.cloud.clock.now())).toMatchObject({ reminded: 0 });
    at('2026-05-14T18:30:00+08:00');
    expect(await remind(t.cloud.clock.now())).toMatchObject({ reminded: 2, messages: 1 });
    expect(await remind(t.cloud.clock.now())).toMatchObject({ reminded: 0, messages: 0 });
    await t.cloud.timer.fire('tick');
    await t.cloud.timer.fire('tick');
    const sent = t.cloud.messages.outbox().slice(sentBefore);
    // One message to the industry tutor over the city, about the older question, saying another waits.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.touser).toBe(TUTOR);
    expect(JSON.stringify(sent[0])).toContain('茶园采摘人手不够');
    expect(JSON.stringify(sent[0])).toContain('另有1个问题超时待解答');
    expect(await doc(a)).toMatchObject({ overdue: true });
    expect((await doc(b)).remindedAt).toBeTruthy();
    expect((await doc(gov)).remindedAt).toBeNull();
    expect((await t.call('question.inbox', {}, TUTOR)).data.items.find((i: any) => i.id === a)).toMatchObject({ overdue: true });
    const overdue = (await t.call('question.list', { unitId: 'town-shuanglong', overdue: true }, TOWN)).data.items.map((i: any) => i.id);
    expect(overdue).toEqual(expect.arrayContaining([a, b]));
    expect(overdue).not.toContain(gov);

    // Answered late, then followed up: the new wait is reminded once more when it runs late.
    await t.call('question.answer', { id: a, text: '可以组织村里的留守妇女成立采茶队。' }, TUTOR);
    expect(await doc(a)).toMatchObject({ overdue: true, status: 'answered' });
    await t.call('question.followUp', { id: a, text: '工钱怎么定？' }, CADRE);
    at('2026-05-18T18:30:00+08:00'); // two working days after Thursday: Monday 18:00
    await t.call('question.answer', { id: b, text: '对接州里的电商中心。' }, TUTOR);
    expect(await remind(t.cloud.clock.now())).toMatchObject({ reminded: 1 });
    expect(await remind(t.cloud.clock.now())).toMatchObject({ reminded: 0 });
    at('2026-05-12T10:00:00+08:00');
  });
});

describe('the figure', () => {
  it('counts a unit’s month and works out the median hours to the first answer exactly', async () => {
    const asked: string[] = [];
    at('2026-06-02T08:00:00+08:00'); // a Tuesday of a month nobody asked in yet
    for (let i = 0; i < 6; i++) asked.push(await ask(i === 5 ? 'governance' : 'industry', { title: `六月问题第${i + 1}个` }));
    // First answers after 1, 3, 4 and 10 hours (and a second answer that does not count).
    const answerAt = async (id: string, hours: number, who = TUTOR) => {
      at(new Date(Date.parse('2026-06-02T08:00:00+08:00') + hours * 3_600_000).toISOString());
      expect(await t.call('question.answer', { id, text: `${hours}小时后解答` }, who)).toMatchObject({ ok: true });
    };
    await answerAt(asked[0]!, 1);
    await answerAt(asked[1]!, 3);
    await answerAt(asked[2]!, 4);
    await answerAt(asked[3]!, 10);
    await answerAt(asked[0]!, 11);
    await t.call('question.solve', { id: asked[0]! }, CADRE);
    at('2026-06-04T18:30:00+08:00'); // past the deadline: two still wait
    await remind(t.cloud.clock.now());

    const fig = await t.call('question.figures', { unitId: 'town-shuanglong', month: '2026-06' }, TOWN);
    expect(fig).toMatchObject({ ok: true, data: { month: '2026-06', medianHours: 3.5, overdueOpen: 2, total: { asked: 6, answered: 4, solved: 1, overdue: 2 } } });
    expect(fig.data.byTopic.find((r: any) => r.topic === 'industry')).toMatchObject({ name: '产业发展', asked: 5, answered: 4, overdue: 1 });
    expect(fig.data.byTopic.find((r: any) => r.topic === 'governance')).toMatchObject({ asked: 1, answered: 0, overdue: 1 });

    // An odd count: the middle one.
    await answerAt(asked[4]!, 60);
    const odd = await t.call('question.figures', { unitId: 'county-huayuan', month: '2026-06' }, COUNTY);
    expect(odd.data).toMatchObject({ medianHours: 4, overdueOpen: 1, total: { asked: 6, answered: 5 } });
    // The city sees it; another county and a month with nothing are empty, not wrong.
    expect((await t.call('question.figures', { unitId: 'city-xiangxi', month: '2026-06' }, CITY)).data.total.asked).toBe(6);
    expect((await t.call('question.figures', { unitId: 'county-huayuan', month: '2026-07' }, COUNTY)).data).toMatchObject({ medianHours: null, total: { asked: 0 } });
    at('2026-05-12T10:00:00+08:00');
  });
});

describe('refusals out of scope', () => {
  it('keeps a question from staff and cadres outside it, and from a cadre who did not ask it', async () => {
    const id = await ask('industry');
    expect(await t.call('question.get', { id }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.get', { id }, FAR_CADRE)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.get', { id }, NEIGHBOUR)).toMatchObject({ ok: false, code: 'not_found' });
    // A question that does not exist is refused like one out of scope.
    expect(await t.call('question.get', { id: 'qn-000000000000000000000000' }, OTHER_COUNTY)).toEqual(await t.call('question.get', { id }, OTHER_COUNTY));
    expect(await t.call('question.figures', { unitId: 'town-shuanglong', month: '2026-05' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.figures', { unitId: 'county-huayuan', month: '2026-05' }, TOWN)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.figures', { unitId: 'county-huayuan', month: '2026-5' }, COUNTY)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await t.call('question.list', { unitId: 'vil-shibadong' }, OTHER_COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.inbox', {}, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await t.call('question.answer', { id, text: '我来答一下。' }, COUNTY)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await t.call('question.mine', {}, NEIGHBOUR)).data.items.map((i: any) => i.id)).not.toContain(id);
    expect(await doc(id)).toMatchObject({ answers: 0, thread: [], status: 'open' });
  });
});
