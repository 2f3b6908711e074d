/** Experience sharing (互动分享). Being built (issue 10). */
export const shareActions = [] as const;
