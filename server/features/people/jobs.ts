/** People's timer work: an assignment with a planned end date ends on its own once that day has passed. */
import type { JobDef } from '../../kernel/jobs';
import { dateKey } from '../../kernel/clock';
import { db, _ } from '../../platform/cloud';
import { ASSIGNMENTS, endAssignment, repairStations } from './service';
import type { AssignmentDoc } from './schema';

/** The timer acts as no one in particular: its audit entries carry no actor. */
const TIMER = { openid: undefined, source: 'wx_trigger', person: null };

export const endDueAssignments: JobDef = {
  name: 'people.endDueAssignments',
  everyMinutes: 60,
  async run({ now }) {
    const today = dateKey(now);
    let ended = 0;
    // Few end on any one day; page anyway, at the 1,000-document limit.
    for (;;) {
      const { data } = await db.collection(ASSIGNMENTS).where({ active: true, end: _.lt(today) }).orderBy('_id', 'asc').limit(1000).get<AssignmentDoc>();
      for (const a of data) {
        await endAssignment(TIMER, now, a, a.end!);
        ended += 1;
      }
      if (data.length < 1000) break;
    }
    return { ended };
  },
};

/** Once a day: copied stations that missed an update are repaired from their units. */
export const repairStationsJob: JobDef = {
  name: 'people.repairStations',
  everyMinutes: 24 * 60,
  run: () => repairStations(),
};

export const peopleJobs = [endDueAssignments, repairStationsJob] as const;
