/**
 * Structured logs (one JSON line each), which CloudBase keeps per invocation. Tests replace the
 * sink to keep their output clean and to assert what was logged.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export interface LogLine {
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

type Sink = (line: LogLine) => void;

const stderrSink: Sink = (line) => {
  process.stderr.write(`${JSON.stringify(line)}\n`);
};
let sink: Sink = stderrSink;

/** Replace where log lines go; returns a function that restores the previous sink. */
export function setLogSink(next: Sink): () => void {
  const prev = sink;
  sink = next;
  return () => {
    sink = prev;
  };
}

function write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  sink({ level, msg, ...fields });
}

export const log = {
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
