/** Work updates' timer work. Being built (issue 10). */
export const workUpdateJobs = [] as const;
