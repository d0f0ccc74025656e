export * from './status.ts';
export * from './error-categories.ts';
export * from './errors.ts';
export * from './reviews.ts';
