/** Tutoring's timer work. Being built (issue 10). */
export const questionJobs = [] as const;
