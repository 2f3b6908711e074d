/** Villagers' complaints (诉求) as the villager's own pages show them: plain words for older eyes. */
import type { ErrorAnswer, InputOf, OutputOf } from '../../api/index';

export type RaiseInput = InputOf<'complaint.raise'>;
export type Category = NonNullable<RaiseInput['category']>;
export type Tracked = OutputOf<'complaint.track'>;
export type Rating = NonNullable<Tracked['rating']>['value'];
export type ComplaintRow = OutputOf<'complaint.mine'>['items'][number];

/** What each category covers, in a villager's words (the names come from the server). */
export const CATEGORY_NOTES: Record<Category, string> = {
  education: '政策宣传、技术培训、移风易俗',
  disclosure: '村务、党务、财务该公开没公开',
  service: '办事难、生活上的困难、水电路',
  report: '反映干部作风、违规违纪',
  opinion: '群里、网上传的消息需要澄清',
};

/** The rating buttons, in order. */
export const RATINGS: { value: Rating; name: string }[] = [
  { value: 'satisfied', name: '满意' },
  { value: 'basicallySatisfied', name: '基本满意' },
  { value: 'unsatisfied', name: '不满意' },
];

/** The raise form's fields, as the server's `issues` name them, and what each is called. */
export const RAISE_LABELS: Record<string, string> = {
  text: '反映的事情',
  photoFileIds: '照片',
  category: '类别',
  about: '反映对象',
  contact: '联系方式',
  location: '位置',
};

/** The fields of the form an error is shown next to. */
export type RaiseField = 'text' | 'photos' | 'category' | 'about' | 'contactName' | 'contactPhone' | 'location';

/** Which field a server issue's path (`contact.phone`) belongs to, or null for the form as a whole. */
export function fieldOf(path: string): RaiseField | null {
  const [head, sub] = path.split('.');
  if (head === 'text') return 'text';
  if (head === 'photoFileIds') return 'photos';
  if (head === 'category') return 'category';
  if (head === 'about') return 'about';
  if (head === 'contact') return sub === 'name' ? 'contactName' : 'contactPhone';
  if (head === 'location') return 'location';
  return null;
}

/** The server's refusal, field by field (the first message of each). */
export function fieldErrors(answer: ErrorAnswer): Partial<Record<RaiseField, string>> {
  const out: Partial<Record<RaiseField, string>> = {};
  for (const issue of answer.issues ?? []) {
    const f = fieldOf(issue.path);
    if (f && !out[f]) out[f] = issue.message;
  }
  // A photo the server could not find in the villager's folder has no issue path, only its words.
  if (!answer.issues?.length && answer.code === 'invalid_input' && /照片/.test(answer.message)) out.photos = answer.message;
  return out;
}

/** The characters a person typed (an emoji is one), after trimming. */
export function charCount(text: string): number {
  return Array.from(text.trim()).length;
}

/** A mobile number as the server takes it. */
export const PHONE = /^1[3-9]\d{9}$/;

/** Statuses the villager's list marks in colour: waiting on someone, answered (to rate), done. */
export function statusClass(status: ComplaintRow['status']): string {
  if (status === 'answered') return 'status-answered';
  if (status === 'closed') return 'status-closed';
  if (status === 'rejected') return 'status-rejected';
  return 'status-open';
}

/**
 * A unit's name as the server joins it (`花垣县` + `花垣县民政局` → `花垣县花垣县民政局`), without
 * the place said twice: `花垣县民政局`.
 */
export function unitText(name: string): string {
  const m = /^(.{2,12}?[市州县区旗镇乡])\1/.exec(name);
  return m ? name.slice(m[1]!.length) : name;
}
