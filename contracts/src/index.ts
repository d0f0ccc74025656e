export * from './status.ts';
export * from './error-categories.ts';
export * from './errors.ts';
export * from './reviews.ts';
export * from './events.ts';
export * from './event-text.ts';
export * from './settings.ts';
export * from './event-search.ts';
