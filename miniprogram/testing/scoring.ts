/**
 * Test-only: the month the scoring page tests score, played on the demo cloud. On Tuesday 12 May
 * 2026 蒋文博 (十八洞村) checks in in the morning and misses the afternoon; everyone else misses
 * both; in most files a video call of 龙小燕 (双龙镇) finds 欧阳靖 (金龙村) away, and he never
 * answers the spot check. The windows (and the spot check) close at 18:00. On 10 June (`JUNE`,
 * where each test starts) 石慧敏 (花垣县) computes May.
 *
 * The server's sweeps come from the test file: code under miniprogram/ other than tests may not
 * import the server's.
 */
import type { closeWindows } from '../../server/features/checkin/sweeps';
import type { closeExpired } from '../../server/features/spotcheck/service';
import { DEMO } from './cloud';
import type { DemoCloud } from './cloud';

/** When May is computed, and where each test starts. */
export const JUNE = '2026-06-10T10:00:00+08:00';

/** 向晓岚, staff of 州委组织部 (the city). */
export const CITY = 'demo-city-staff-xiang';

/** The server's sweeps the story runs. */
export interface Sweeps {
  closeWindows: typeof closeWindows;
  closeExpired: typeof closeExpired;
}

export interface ScoringStory {
  /** 蒋文博 checks in at the centre of 十八洞村 at `iso`. */
  checkIn(clientId: string, iso: string): Promise<void>;
  /** 18:00 of `date`: the spot checks still open expire (unless `spotChecks` is false), and the windows close. */
  closeDay(date: string, spotChecks?: boolean): Promise<void>;
  /** 12 May, its ids made from `tag` (one per test file); `spotCheck`: the call that finds 欧阳靖 away. */
  playMay12(tag: string, spotCheck: boolean): Promise<void>;
  /** 10 June 10:00: 石慧敏 computes May for 花垣县's 15 cadres. */
  computeMay(): Promise<void>;
}

/** The story on `demo`; each test of the file starts on 10 June 10:00. */
export function useScoringStory(demo: DemoCloud, sweeps: Sweeps): ScoringStory {
  beforeEach(() => demo.at(JUNE));

  const story: ScoringStory = {
    async checkIn(clientId, iso) {
      demo.at(iso);
      const { data: village } = await demo.tc.call('org.getUnit', { id: 'vil-shibadong' }, DEMO.townStaff);
      const fix = { clientId, lat: village.center.lat, lng: village.center.lng, accuracy: 18, capturedAt: new Date(iso).toISOString() };
      expect(await demo.tc.call('checkin.submit', fix, DEMO.cadre)).toMatchObject({ ok: true, data: { inside: true } });
    },

    async closeDay(date, spotChecks = true) {
      demo.at(`${date}T18:00:00+08:00`);
      if (spotChecks) await sweeps.closeExpired(demo.tc.cloud.clock.now());
      await sweeps.closeWindows(new Date(`${date}T00:00:00+08:00`), demo.tc.cloud.clock.now());
    },

    async playMay12(tag, spotCheck) {
      await story.checkIn(`${tag}-am-abcdefgh`, '2026-05-12T09:00:00+08:00');
      if (spotCheck) {
        const sc = await demo.tc.call('spotCheck.issue', { unitId: 'town-shuanglong', requestId: `${tag}-sc-abcdefgh`, personIds: ['p-fs-jinlong'] }, DEMO.townStaff);
        expect(sc).toMatchObject({ ok: true });
        expect(await demo.tc.call('spotCheck.recordCall', { id: sc.data.issued[0].id, channel: 'video', outcome: 'notAtPost', note: '视频中在县城' }, DEMO.townStaff)).toMatchObject({ ok: true });
      }
      await story.closeDay('2026-05-12', spotCheck);
    },

    async computeMay() {
      demo.at(JUNE);
      expect(await demo.tc.call('scoring.recompute', { unitId: 'county-huayuan', period: '2026-05' }, DEMO.countyStaff)).toMatchObject({ ok: true, data: { cadres: 15 } });
    },
  };
  return story;
}
