/** Tutoring (驻村辅导). Being built (issue 10). */
export const questionActions = [] as const;
