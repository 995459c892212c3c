export * from './matching';
export * from './personal-data-protector';
