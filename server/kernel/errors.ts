/**
 * Every failure that leaves a function is `{ ok: false, code, message }`: `code` is a stable
 * English string for programs, `message` is Chinese, for people.
 */
export const ERROR_MESSAGES = {
  invalid_input: '提交的内容不符合要求，请检查后重试',
  unknown_action: '不支持的操作',
  not_bound: '请先绑定身份（输入邀请码）后再使用',
  forbidden: '没有权限进行此操作',
  not_found: '要找的内容不存在',
  conflict: '内容已被他人修改，请刷新后重试',
  expired: '已过期',
  rate_limited: '操作太频繁，请稍后再试',
  internal: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES | (string & {});

export interface ErrorAnswer {
  ok: false;
  code: ErrorCode;
  message: string;
  /** For `invalid_input`: which fields were wrong, and why (Chinese). */
  issues?: { path: string; message: string }[];
}

export interface OkAnswer<T> {
  ok: true;
  data: T;
}

export type Answer<T> = OkAnswer<T> | ErrorAnswer;

/** An expected failure: thrown by rules and services, turned into an answer by the router. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal);
    this.name = 'AppError';
  }

  toAnswer(): ErrorAnswer {
    return { ok: false, code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export function fail(code: ErrorCode, message?: string): never {
  throw new AppError(code, message);
}
