/**
 * Tutoring (驻村辅导, seed 002: "276 questions asked, 270 answered"): a cadre asks a practical
 * question on a topic; the tutors (驻村辅导师) of that topic over the cadre's village answer;
 * the asker marks it solved, or asks one follow-up.
 */
import * as z from 'zod';

/**
 * The topics of tutoring. A tutor's grant says what they tutor in `specialty`: topic names (or
 * keys) joined by 、, or a free description of the field (the demo tutor's
 * "茶叶、猕猴桃种植与村级集体经济"), read by the keywords below (see `topicsOfSpecialty`).
 */
export const TOPICS = ['industry', 'governance', 'policy', 'construction', 'livelihood', 'other'] as const;
export type Topic = (typeof TOPICS)[number];
export const TOPIC_NAMES: Record<Topic, string> = { industry: '产业发展', governance: '基层治理', policy: '政策法规', construction: '乡村建设', livelihood: '民生保障', other: '其他' };

/** Words of a free specialty that put a tutor on a topic (a topic's own name always does). */
export const TOPIC_KEYWORDS: Record<Exclude<Topic, 'other'>, readonly string[]> = {
  industry: ['产业', '种植', '养殖', '集体经济', '合作社', '电商', '旅游', '茶', '农业', '林业', '农产品', '品牌', '销售'],
  governance: ['治理', '党建', '村务', '自治', '调解', '矛盾纠纷', '村规民约', '组织建设'],
  policy: ['政策', '法规', '法律', '法治', '普法'],
  construction: ['建设', '人居', '环境整治', '基础设施', '道路', '饮水', '危房', '规划', '改厕'],
  livelihood: ['民生', '低保', '医疗', '教育', '养老', '就业', '救助', '社保', '保障', '帮扶', '防返贫'],
};

export const STATUSES = ['open', 'answered', 'solved'] as const;
export type QuestionStatus = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<QuestionStatus, string> = { open: '待解答', answered: '已解答', solved: '已解决' };

export const ENTRY_NAMES = { answer: '解答', followUp: '追问', solve: '标记为已解决' } as const;
export type EntryKind = keyof typeof ENTRY_NAMES;

export const MAX_PHOTOS = 3;

/** A county's rules (`settings.question`). */
export const QuestionRules = z
  .object({
    /** Working days a tutor has to answer (from the ask, or from the follow-up); the day ends at 18:00. */
    answerDays: z.number().int().min(1).max(20),
  })
  .strict();
export type QuestionRules = z.infer<typeof QuestionRules>;
export const DEFAULT_QUESTION_RULES: QuestionRules = { answerDays: 2 };

const FileId = z.string().regex(/^cloud:\/\/[^\s]{1,300}$/);
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const QuestionId = z.string().regex(/^qn-[0-9a-f]{24}$/);

export const AskInput = z
  .object({
    clientId: ClientId,
    topic: z.enum(TOPICS),
    title: z.string().trim().min(4, '标题至少4个字').max(40, '标题最多40字'),
    body: z.string().trim().min(10, '请至少写10个字，把情况说清楚').max(2000, '最多2000字'),
    photoFileIds: z.array(FileId).max(MAX_PHOTOS, `最多${MAX_PHOTOS}张照片`).default([]),
  })
  .strict();
export type AskInput = z.output<typeof AskInput>;

export const Reply = z.string().trim().min(2, '请至少写2个字').max(2000, '最多2000字');

/** One entry of a question's thread (after the question itself): each answer, the follow-up, the solving. */
export interface Entry {
  kind: EntryKind;
  byId: string;
  byName: string;
  /** The tutor's unit (for an answer), else the asker's village. */
  unitName: string;
  text: string;
  at: Date;
}

/**
 * `questions`, `_id` `qn-<hash of the asker and their clientId>` (a retried ask is the same
 * question). `waiting` is 1 while it waits for an answer (the tutors' inbox puts those first);
 * `dueAt` is the deadline of the present wait, `remindedAt` when the tutors were reminded of it
 * (once per wait). The month and the first answer's delay feed the monthly figure.
 */
export interface QuestionDoc {
  _id: string;
  askerId: string;
  askerName: string;
  villageId: string;
  villageName: string;
  villagePath: string[];
  topic: Topic;
  title: string;
  body: string;
  photoFileIds: string[];
  status: QuestionStatus;
  waiting: 0 | 1;
  thread: Entry[];
  answers: number;
  followUps: number;
  askedAt: Date;
  /** `YYYY-MM` of the ask (Beijing). */
  month: string;
  dueAt: Date;
  remindedAt: Date | null;
  /** A wait went past its deadline unanswered. */
  overdue: boolean;
  firstAnsweredAt: Date | null;
  /** Milliseconds from the ask to the first answer (for the median). */
  firstAnswerMs: number | null;
  solvedAt: Date | null;
  updatedAt: Date;
}
