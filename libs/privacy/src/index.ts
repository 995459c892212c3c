export * from './matching';
export * from './personal-data-protector';
export * from './crypto';
export * from './privacy.module';
