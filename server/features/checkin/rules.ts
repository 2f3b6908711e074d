/**
 * Pure rules of location check-in: the fence decision (`geo`), the risk flags (`flags`), and the
 * schedule with its windows, reminders, offline tolerance and corrections (`schedule`).
 * No database, no SDK, no I/O: time is always passed in.
 */
export * from './geo';
export * from './flags';
export * from './schedule';
