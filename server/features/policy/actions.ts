/** The policy library (政策文件). Being built (issue 10). */
export const policyActions = [] as const;
