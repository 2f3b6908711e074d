/**
 * A settled last month for the demo cadres (npm start only), so that the scoring pages have
 * something to show on a fresh start: every day window of last month's working days, as the
 * window-close sweep would have recorded it (through its own writer), with a few misses and a
 * day of leave picked by a fixed rule. The timer then scores the month on its next tick.
 */
import { isWorkday } from '../../server/kernel/calendar';
import { beijing } from '../../server/kernel/clock';
import { attendanceId, recordAttendance, type AttendanceDoc } from '../../server/features/checkin/sweeps';
import { DEMO_ORG_UNITS, DEMO_PEOPLE } from './data';

export async function seedDemoMonth(now: Date): Promise<string> {
  const b = beijing(now);
  const first = new Date(Date.UTC(b.y, b.mo - 2, 1));
  const month = `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}`;
  const days: string[] = [];
  for (let d = new Date(first); d.getUTCMonth() === first.getUTCMonth(); d = new Date(d.getTime() + 86_400_000)) {
    const key = d.toISOString().slice(0, 10);
    if (isWorkday(key)) days.push(key);
  }
  const pathOf = (id: string): string[] => {
    const u = DEMO_ORG_UNITS.find((x) => x.id === id);
    return u ? [...(u.parentId ? pathOf(u.parentId) : []), u.id] : [];
  };
  const docs: AttendanceDoc[] = [];
  DEMO_PEOPLE.forEach((p, i) => {
    const g = p.grants.find((x) => x.role === 'cadre');
    if (!g) return;
    const villagePath = pathOf(g.orgUnitId);
    days.forEach((date, d) => {
      for (const windowId of ['am', 'pm']) {
        const status: AttendanceDoc['status'] = (d * 2 + (windowId === 'pm' ? 1 : 0) + i) % 17 === 0 ? 'missed' : d === (i % days.length) && i % 3 === 0 ? 'excused' : 'present';
        docs.push({ _id: attendanceId(p.id, { date, windowId }), personId: p.id, villageId: g.orgUnitId, villagePath, date, windowKey: `${date}:${windowId}`, windowId, status, at: now });
      }
    });
  });
  for (let i = 0; i < docs.length; i += 1000) await recordAttendance(docs.slice(i, i + 1000));
  return month;
}
