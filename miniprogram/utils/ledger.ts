/**
 * Opening an Excel ledger (台账) on the phone: the `ledger` function builds the file and answers
 * a temporary link; the phone downloads it (into its own files, under a readable name, so that
 * 转发 from the viewer's menu sends a file called like `花垣县2026年5月驻村干部考勤台账.xlsx`) and
 * opens it with WeChat's document viewer, whose menu can forward or save it. Every failure is a
 * Chinese toast; the promise never rejects.
 */
import { callFunction } from '../api/index';
import type { Answer, InputOf, OutputOf } from '../api/index';
import { errorText } from './answer';

export type LedgerInput = InputOf<'ledger.export', 'ledger'>;
export type LedgerKind = LedgerInput['ledger'];
export type LedgerExport = OutputOf<'ledger.export', 'ledger'>;

/** What the six ledgers are called on buttons. */
export const LEDGER_NAMES: Record<LedgerKind, string> = {
  attendance: '考勤台账',
  spotChecks: '约请台账',
  leave: '请假台账',
  location: '位置共享台账',
  ranking: '考核排名',
  allowance: '补助发放台账',
};

const FIELD_LABELS = { month: '月份', date: '日期', period: '考核期', unitId: '单位', ledger: '台账' };

export const LEDGER_MESSAGES = {
  downloadFailed: '台账下载失败，请检查网络后重试',
  linkExpired: '下载链接已失效，请重新导出',
  openFailed: '无法打开台账文件，请稍后重试',
} as const;

function toast(title: string): void {
  wx.showToast({ title, icon: 'none', duration: 3000 });
}

/** A file name the phone's file system takes: no path separators or reserved characters. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'ledger.xlsx';
}

function download(url: string, fileName: string): Promise<{ filePath: string } | { error: string }> {
  const dir = typeof wx.env === 'object' && wx.env?.USER_DATA_PATH;
  return new Promise((resolve) => {
    wx.downloadFile({
      url,
      ...(dir ? { filePath: `${dir}/${safeName(fileName)}` } : {}),
      timeout: 60000,
      success: (res) => {
        if (res.statusCode !== 200) return resolve({ error: res.statusCode === 403 || res.statusCode === 404 ? LEDGER_MESSAGES.linkExpired : LEDGER_MESSAGES.downloadFailed });
        const filePath = res.filePath || res.tempFilePath;
        resolve(filePath ? { filePath } : { error: LEDGER_MESSAGES.downloadFailed });
      },
      fail: () => resolve({ error: LEDGER_MESSAGES.downloadFailed }),
    });
  });
}

function open(filePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(true), fail: () => resolve(false) });
  });
}

/**
 * Export a ledger and open it. Answers the export (its file name and row count) once the viewer
 * opened, or null after telling the person, in a toast, what went wrong.
 */
export function openLedger(input: LedgerInput): Promise<LedgerExport | null> {
  return openMade(() => callFunction('ledger', 'ledger.export', input));
}

export type ComplaintsLedgerInput = InputOf<'ledger.exportComplaints', 'ledger'>;

/** `openLedger` for the complaints ledger (诉求台账: a unit's month, `ledger.exportComplaints`). */
export function openComplaintsLedger(input: ComplaintsLedgerInput): Promise<LedgerExport | null> {
  return openMade(() => callFunction('ledger', 'ledger.exportComplaints', input));
}

/** Make the file (`make`: the export's call), download it and open it; as `openLedger` says. */
export async function openMade(make: () => Promise<Answer<LedgerExport>>): Promise<LedgerExport | null> {
  wx.showLoading({ title: '正在生成台账', mask: true });
  let loading = true;
  const done = () => {
    if (loading) wx.hideLoading();
    loading = false;
  };
  try {
    const made = await make();
    if (!made.ok) {
      done();
      toast(errorText(made, FIELD_LABELS));
      return null;
    }
    const got = await download(made.data.url, made.data.fileName);
    done();
    if ('error' in got) {
      toast(got.error);
      return null;
    }
    if (!(await open(got.filePath))) {
      toast(LEDGER_MESSAGES.openFailed);
      return null;
    }
    return made.data;
  } finally {
    done();
  }
}
