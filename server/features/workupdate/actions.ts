/** Work updates (工作动态). Being built (issue 10). */
export const workUpdateActions = [] as const;
