/** The summary a review superseded by a webhook push ends with, on its page and in the list. */
export const supersededSummary = (newReviewId: number) => `Superseded by #${newReviewId} (new commits)`;
