/** What a person is told when an action fails. */
import type { ErrorAnswer } from '../api/index';

/**
 * The router's Chinese message, and for `invalid_input` which fields were wrong:
 * `提交的内容不符合要求，请检查后重试（手机号：请输入11位手机号码）`. `labels` names the fields.
 */
export function errorText(answer: ErrorAnswer, labels: Record<string, string> = {}): string {
  const issues = answer.issues ?? [];
  if (issues.length === 0) return answer.message;
  const details = issues.map((i) => {
    const label = labels[i.path.split('.')[0] ?? ''];
    return label ? `${label}：${i.message}` : i.message;
  });
  const unique = details.filter((d, i) => details.indexOf(d) === i && d !== answer.message);
  return unique.length ? `${answer.message}（${unique.join('；')}）` : answer.message;
}
