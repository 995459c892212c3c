export * from './name-skeleton';
export * from './normalize';
export * from './blind-index';
